package herald;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up that Herald's integration test classes share (see {@link WithHerald}): the class's
 * fields of type {@link TestHerald} and {@link Receiver} get a running Herald and receiver. Only the
 * class that carries the annotation is served; its {@code @Nested} classes see the same fields and
 * start whatever else they need themselves.
 */
final class HeraldExtension implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HeraldExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        WithHerald settings = testClass.getAnnotation(WithHerald.class);
        if (settings == null) {
            return;
        }
        List<Field> heralds = fields(testClass, TestHerald.class);
        List<Field> receivers = fields(testClass, Receiver.class);
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        TestHerald herald = TestHerald.start(env(settings));
        store.put(TestHerald.class, herald);
        for (Field field : heralds) {
            set(field, context, herald);
        }
        if (!receivers.isEmpty()) {
            Receiver receiver = new Receiver();
            store.put(Receiver.class, receiver);
            for (Field field : receivers) {
                set(field, context, receiver);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass().getAnnotation(WithHerald.class) == null) {
            return;
        }
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Optional.ofNullable(store.remove(TestHerald.class, TestHerald.class)).ifPresent(TestHerald::close);
        Optional.ofNullable(store.remove(Receiver.class, Receiver.class)).ifPresent(Receiver::close);
    }

    private static Map<String, String> env(WithHerald settings) {
        Map<String, String> env = new HashMap<>();
        for (String entry : settings.env()) {
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("@WithHerald env entries are NAME=value: " + entry);
            }
            env.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return Map.copyOf(env);
    }

    private static List<Field> fields(Class<?> testClass, Class<?> type) {
        return Arrays.stream(testClass.getDeclaredFields()).filter(f -> f.getType() == type).toList();
    }

    /** Static fields always; instance fields when the class has one instance for all its tests. */
    private static void set(Field field, ExtensionContext context, Object value) throws IllegalAccessException {
        field.setAccessible(true);
        if (Modifier.isStatic(field.getModifiers())) {
            field.set(null, value);
        } else {
            field.set(context.getRequiredTestInstance(), value);
        }
    }
}
