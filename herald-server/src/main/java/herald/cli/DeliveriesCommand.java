package herald.cli;

import static herald.cli.HeraldApi.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.cli.Printer.Column;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald deliveries ...}: delivery history, redelivery and bulk recovery. */
@Command(name = "deliveries", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "Inspect deliveries and send them again (HERALD_URL, HERALD_API_KEY).",
        subcommands = {DeliveriesCommand.ListDeliveries.class, DeliveriesCommand.Show.class,
                DeliveriesCommand.Redeliver.class, DeliveriesCommand.Recover.class})
public final class DeliveriesCommand extends CommandGroup {

    static final List<Column> COLUMNS = List.of(new Column("ID", "id"), new Column("WEBHOOK", "webhookId"),
            new Column("EVENT TYPE", "eventType"), new Column("STATUS", "status"), new Column("ATTEMPTS", "attempts"),
            new Column("CODE", "responseCode"), new Column("CREATED", "createdAt"));

    static final List<Column> ATTEMPTS = List.of(new Column("#", "attempt"), new Column("STARTED", "startedAt"),
            new Column("MS", "durationMs"), new Column("CODE", "responseCode"), new Column("ERROR", "error"));

    @Command(name = "list", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "List a webhook's deliveries, newest first; without --webhook, the whole account's "
                    + "(e.g. --status dead for the dead-letter queue).")
    static final class ListDeliveries extends ClientCommand {
        @Option(names = "--webhook", description = "Only this webhook's deliveries.")
        String webhook;

        @Option(names = "--status", description = "pending, success, failed or dead.")
        String status;

        @Option(names = "--event-type", description = "Only this event type.")
        String eventType;

        @Mixin
        Paging paging;


        @Override
        void run(HeraldApi api, Printer printer) {
            String path = webhook == null ? "/v1/deliveries" : "/v1/webhooks/" + segment(webhook) + "/deliveries";
            var page = api.get(HeraldApi.query(path, paging.query(Map.of("status", Optional.ofNullable(status),
                    "eventType", Optional.ofNullable(eventType)))));
            print(printer, page, p -> printer.table(p.path("data"), COLUMNS, "No deliveries."));
            nextPage(page);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Show one delivery and every attempt.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The delivery's id (dlv_...).")
        String id;


        @Override
        void run(HeraldApi api, Printer printer) {
            print(printer, api.get("/v1/deliveries/" + segment(id)), delivery -> {
                ObjectNode summary = delivery.deepCopy();
                summary.remove("attemptLog");
                printer.fields(summary);
                printer.line("");
                printer.table(delivery.path("attemptLog"), ATTEMPTS, "No attempts yet.");
            });
        }
    }

    @Command(name = "redeliver", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Send a delivery again, same id and body, for a fresh round of attempts.")
    static final class Redeliver extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The delivery's id.")
        String id;


        @Override
        void run(HeraldApi api, Printer printer) {
            var answer = api.post("/v1/deliveries/" + segment(id) + "/redeliver");
            print(printer, answer.isMissingNode() ? api.json().createObjectNode().put("redelivered", id) : answer,
                    a -> printer.line("Delivery " + id + " queued again."));
        }
    }

    @Command(name = "recover", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Send every failed or dead delivery of a webhook created in a window again, "
                    + "in creation order, same ids.")
    static final class Recover extends ClientCommand {
        @Option(names = "--webhook", required = true, description = "The webhook's id.")
        String webhook;

        @Option(names = "--since", required = true, description = "Start of the window, RFC 3339 (e.g. 2026-11-28T00:00:00Z).")
        String since;

        @Option(names = "--until", description = "End of the window, RFC 3339 (default: now).")
        String until;


        @Override
        void run(HeraldApi api, Printer printer) {
            ObjectNode body = api.json().createObjectNode().put("since", time("--since", since));
            Optional.ofNullable(until).ifPresent(u -> body.put("until", time("--until", u)));
            print(printer, api.post("/v1/webhooks/" + segment(webhook) + "/recover", body),
                    a -> printer.line(a.path("count").asLong() + " deliveries queued again."));
        }

        /** Checked here so that a typo is a usage error naming the option, not a round trip. */
        private static String time(String option, String value) {
            try {
                return Instant.parse(value).toString();
            } catch (DateTimeParseException e) {
                throw new CliException(ExitCodes.USAGE, option + " must be an RFC 3339 time such as "
                        + "2026-11-28T00:00:00Z, not '" + value + "'");
            }
        }
    }
}
