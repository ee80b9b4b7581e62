package herald.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import herald.receiver.WebhookReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code herald listen}: a local receiver to test an endpoint's set-up, or to relay deliveries to an app. */
@Command(name = "listen", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Receive deliveries locally, verify them and print one line each.",
                "Answers 2xx to a delivery that verifies with the webhook's secret and 401 to one that does not. "
                        + "Point a webhook at http://127.0.0.1:PORT/ (Herald then needs "
                        + "HERALD_ALLOW_PRIVATE_TARGETS=true). Stop with Ctrl-C."})
public final class ListenCommand implements Callable<Integer>, UsesTerminal {

    @Option(names = "--port", required = true, description = "Port to listen on (0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 to accept from other machines).")
    String host;

    @Option(names = "--secret", description = "The webhook's signing secret, whsec_... (default: HERALD_WEBHOOK_SECRET, "
            + "which keeps it out of the process list).")
    String secret;

    @Option(names = "--forward-to", description = "Pass verified deliveries on to this URL, unchanged, and answer "
            + "Herald with its status (502 if it cannot be reached).")
    URI forwardTo;

    @Option(names = "--json", description = "Print each delivery as one JSON object per line.")
    boolean json;

    private Terminal terminal = Terminal.system();

    @Override
    public void use(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String key = Optional.ofNullable(secret).or(() -> Optional.ofNullable(terminal.env().get("HERALD_WEBHOOK_SECRET")))
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> new CliException(ExitCodes.USAGE, "give --secret or set HERALD_WEBHOOK_SECRET"));
        WebhookReceiver verifier;
        try {
            verifier = new WebhookReceiver(key);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--secret: " + e.getMessage());
        }
        if (forwardTo != null && !(("http".equals(forwardTo.getScheme()) || "https".equals(forwardTo.getScheme()))
                && forwardTo.getHost() != null)) {
            throw new CliException(ExitCodes.USAGE, "--forward-to must be an http:// or https:// URL, not '" + forwardTo + "'");
        }
        ObjectMapper mapper = new ObjectMapper();
        InetSocketAddress address = new InetSocketAddress(host, port);
        Consumer<DeliveryReport> print = report -> print(report, mapper);
        try (LocalReceiver receiver = forwardTo == null
                ? new LocalReceiver(address, verifier, Clock.systemUTC(), print)
                : new LocalReceiver(address, verifier, forwardTo, Clock.systemUTC(), print)) {
            terminal.err().println("Listening on http://" + host + ":" + receiver.port() + "/"
                    + (forwardTo == null ? "" : ", forwarding verified deliveries to " + forwardTo));
            terminal.err().flush();
            new CountDownLatch(1).await(); // until interrupted (or the process is stopped)
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    private void print(DeliveryReport report, ObjectMapper mapper) {
        synchronized (terminal.out()) {
            terminal.out().println(json ? report.json(mapper) : report.line());
            terminal.out().flush();
        }
    }
}
