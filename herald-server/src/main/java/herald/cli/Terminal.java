package herald.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a command talks to: the environment it reads its settings from, and where it writes. */
public record Terminal(Map<String, String> env, PrintWriter out, PrintWriter err) {

    /** The process's own environment, standard output and standard error. */
    public static Terminal system() {
        return new Terminal(System.getenv(), new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    }
}
