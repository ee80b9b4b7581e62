package herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark programs in {@code bench/} are single Java files run against Herald's jar, outside the
 * build: a change to a class they use would leave them broken until someone measures. They compile
 * here against the same classes the tests run with.
 */
class BenchProgramsTest {

    @Test
    void everyBenchmarkProgramCompilesAgainstTheCurrentCode(@TempDir Path out) throws IOException {
        Path bench = Path.of("..", "bench");
        List<String> programs;
        try (Stream<Path> files = Files.list(bench)) {
            programs = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        assertThat(programs).as("bench/*.java").isNotEmpty();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        for (String program : programs) {
            StringWriter errors = new StringWriter();
            boolean compiled = javac.getTask(errors, null, null, List.of("-proc:none", "-Xlint:none", "-d",
                    out.toString(), "-cp", System.getProperty("java.class.path")), null,
                    javac.getStandardFileManager(null, null, null).getJavaFileObjects(program)).call();
            assertThat(compiled).as(program + ":\n" + errors).isTrue();
        }
    }
}
