package herald;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One Herald (a {@link TestHerald}) for the whole test class, and a {@link Receiver} on loopback when
 * the class has a field for one: {@link HeraldExtension} starts them before the class's own
 * {@code @BeforeAll} methods, puts them in the class's fields of those types, and closes them after
 * its {@code @AfterAll} methods.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(HeraldExtension.class)
public @interface WithHerald {

    /** Settings on top of {@link TestHerald}'s, each {@code NAME=value}. */
    String[] env() default {};
}
