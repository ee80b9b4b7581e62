package herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.cli.Printer.Column;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code herald events ...}: publish events and list them. */
@Command(name = "events", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "Publish and list events (HERALD_URL, HERALD_API_KEY).",
        subcommands = {EventsCommand.Send.class, EventsCommand.ListEvents.class})
public final class EventsCommand extends CommandGroup {

    static final List<Column> COLUMNS = List.of(new Column("ID", "id"), new Column("TYPE", "type"),
            new Column("CREATED", "createdAt"), new Column("IDEMPOTENCY KEY", "idempotencyKey"));

    @Command(name = "send", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Publish an event of the catalog; Herald validates data against the type's schema.")
    static final class Send extends ClientCommand {
        @Option(names = "--type", required = true, description = "The event type, e.g. flag.created.")
        String type;

        @Option(names = "--data", required = true,
                description = "The data object as JSON, or @FILE to read it from a file.")
        String data;

        @Option(names = "--idempotency-key", description = "Publishing again with the same key delivers nothing new.")
        String idempotencyKey;


        @Override
        void run(HeraldApi api, Printer printer) {
            ObjectNode body = api.json().createObjectNode().put("type", type);
            body.set("data", parseData(api));
            Optional.ofNullable(idempotencyKey).ifPresent(k -> body.put("idempotencyKey", k));
            print(printer, api.post("/v1/events", body), a -> printer.line(published(a)));
        }

        private JsonNode parseData(HeraldApi api) {
            String text = data;
            if (data.startsWith("@")) {
                try {
                    text = Files.readString(Path.of(data.substring(1)));
                } catch (IOException e) {
                    throw new CliException(ExitCodes.USAGE, "cannot read " + data.substring(1) + ": " + e.getMessage());
                }
            }
            try {
                return api.json().readTree(text);
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "--data is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    /** The line printed once an event is accepted. */
    static String published(JsonNode answer) {
        return "Published " + answer.path("id").asText() + " to " + answer.path("deliveries").asInt() + " webhook(s)"
                + (answer.path("replayed").asBoolean() ? " (already published with this idempotency key)" : "") + ".";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, footer = ExitCodes.HELP, description = "List events, newest first.")
    static final class ListEvents extends ClientCommand {
        @Option(names = "--type", description = "Only this event type.")
        String type;

        @Mixin
        Paging paging;


        @Override
        void run(HeraldApi api, Printer printer) {
            var page = api.get(HeraldApi.query("/v1/events", paging.query(Map.of("type", Optional.ofNullable(type)))));
            print(printer, page, p -> printer.table(p.path("data"), COLUMNS, "No events."));
            nextPage(page);
        }
    }
}
