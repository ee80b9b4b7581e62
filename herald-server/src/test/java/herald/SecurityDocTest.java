package herald;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md maps each threat to the test that proves Herald's answer: every test it names
 * must exist, so the page cannot silently point at a test that was renamed or removed.
 */
class SecurityDocTest {

    private static final Pattern REFERENCE = Pattern.compile("`([a-z]+\\.)?([A-Z][A-Za-z]+(?:\\$[A-Z][A-Za-z]+)?)#(\\w+)`"
            + "|`#(\\w+)`");

    @Test
    void everyTestTheSecurityPageNamesExists() throws IOException {
        String page = Files.readString(Path.of("../docs/security.md"));
        List<String> missing = new ArrayList<>();
        int found = 0;
        for (String line : page.lines().toList()) {
            Class<?> current = null;
            Matcher m = REFERENCE.matcher(line);
            while (m.find()) {
                if (m.group(2) != null) {
                    String name = "herald." + (m.group(1) == null ? "" : m.group(1)) + m.group(2);
                    current = load(name);
                    if (current == null) {
                        missing.add(name);
                        continue;
                    }
                    found++;
                    check(current, m.group(3), missing);
                } else if (current != null) {
                    found++;
                    check(current, m.group(4), missing);
                }
            }
        }
        assertThat(found).as("tests named on the page").isGreaterThan(50);
        assertThat(missing).as("named on docs/security.md but not found").isEmpty();
    }

    private static void check(Class<?> type, String method, List<String> missing) {
        boolean exists = Arrays.stream(type.getDeclaredMethods()).map(Method::getName).anyMatch(method::equals);
        if (!exists) {
            missing.add(type.getName() + "#" + method);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
