package herald.cli;

import herald.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs one {@code herald} command in-process, against an environment of the test's choosing, and keeps what it printed. */
record CliRun(int exitCode, String out, String err) {

    /** Waits until Herald reports delivery {@code deliveryId} in {@code status}. */
    static void awaitStatus(herald.Api api, String deliveryId, String status) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (!api.get("/v1/deliveries/" + deliveryId).text("status").equals(status)) {
            org.assertj.core.api.Assertions.assertThat(System.nanoTime()).as(deliveryId + " becomes " + status)
                    .isLessThan(deadline);
            herald.Receiver.sleep(20);
        }
    }

    static CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.commandLine(new Main(), new Terminal(env, new PrintWriter(out, true), new PrintWriter(err, true)))
                .execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
