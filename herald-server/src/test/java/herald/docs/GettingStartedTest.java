package herald.docs;

import static org.assertj.core.api.Assertions.assertThat;

import herald.TestHerald;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/getting-started.md, followed as written: its commands 2 to 5 run in bash against a Herald
 * started as command 1 says, and the documented receiver must print that it verified the delivery.
 * The only edits are the ports, since 8080 and 9000 may be taken where tests run.
 */
class GettingStartedTest {

    private static final Pattern STEP = Pattern.compile("(?m)^## (\\d)\\. [^\\n]*\\n+```sh\\n(.+?)\\n```", Pattern.DOTALL);

    @Test
    void theFiveCommandsReachAVerifiedDelivery() throws Exception {
        List<String> steps = new ArrayList<>();
        Matcher found = STEP.matcher(MarkdownPages.read("getting-started.md"));
        while (found.find()) {
            assertThat(found.group(1)).isEqualTo(Integer.toString(steps.size() + 1));
            steps.add(found.group(2));
        }
        assertThat(steps).hasSize(5);
        assertThat(steps.get(0)).contains("HERALD_ALLOW_PRIVATE_TARGETS=true").endsWith("./herald serve");
        Matcher token = Pattern.compile("HERALD_OPERATOR_TOKEN=(\\S+)").matcher(steps.get(0));
        assertThat(token.find()).isTrue();

        int receiverPort;
        try (ServerSocket free = new ServerSocket(0)) {
            receiverPort = free.getLocalPort();
        }
        try (TestHerald herald = TestHerald.start(Map.of("HERALD_OPERATOR_TOKEN", token.group(1)))) {
            String script = String.join("\n",
                    "set -euo pipefail",
                    "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT",
                    steps.get(1), steps.get(2), steps.get(3),
                    // the reader waits for "listening on"; so does the script
                    "for i in $(seq 150); do grep -q '^listening on' \"$OUT\" && break; sleep 0.2; done",
                    steps.get(4),
                    "for i in $(seq 150); do grep -q 'verified webhook.ping' \"$OUT\" && break; sleep 0.2; done",
                    // and the receiver refuses what Herald did not sign
                    "echo \"forged: $(curl -s -o /dev/null -w '%{http_code}' -d '{\"type\":\"webhook.ping\"}' localhost:9000/hook)\"")
                    .replace("localhost:8080", "localhost:" + herald.app().port())
                    .replace("9000", Integer.toString(receiverPort));
            Path out = Files.createTempFile("getting-started", ".out");
            ProcessBuilder bash = new ProcessBuilder("bash", "-c", script)
                    .directory(Path.of("..").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            bash.environment().put("OUT", out.toString());
            // the JDK running the tests, whatever `java` is first on the PATH
            bash.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
            Process process = bash.start();
            boolean finished = process.waitFor(90, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }
            String output = read(out);

            assertThat(finished).as(output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).containsPattern("(?m)^listening on http://localhost:" + receiverPort + "/$")
                    .containsPattern("(?m)verified webhook\\.ping dlv_[0-9A-Z]{26}$")
                    .containsPattern("(?m)^REJECTED null null\nforged: 401$")
                    .containsOnlyOnce("REJECTED");
        }
    }

    private static String read(Path out) throws IOException {
        try {
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
