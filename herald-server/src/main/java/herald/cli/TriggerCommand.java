package herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code herald trigger TYPE}: publishes the catalog's example of a type, to see a real delivery arrive. */
@Command(name = "trigger", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "Publish the catalog's example event of TYPE to every webhook subscribed to it "
                + "(HERALD_URL, HERALD_API_KEY).")
public final class TriggerCommand extends ClientCommand {

    @Parameters(paramLabel = "TYPE", description = "An event type of the catalog, e.g. experiment.started.")
    String type;


    @Override
    void run(HeraldApi api, Printer printer) {
        JsonNode example = null;
        List<String> names = new ArrayList<>();
        for (JsonNode entry : api.get("/v1/event-types").path("data")) {
            names.add(entry.path("name").asText());
            if (entry.path("name").asText().equals(type)) {
                example = entry.path("example");
            }
        }
        if (example == null) {
            throw new CliException(ExitCodes.USAGE, "'" + type + "' is not in the catalog; types: " + String.join(", ", names));
        }
        if (type.startsWith("webhook.")) {
            throw new CliException(ExitCodes.USAGE, type + " is Herald's own event and cannot be published;"
                    + " use `herald webhooks test ID` to send a webhook.ping");
        }
        ObjectNode body = api.json().createObjectNode().put("type", type);
        body.set("data", example);
        print(printer, api.post("/v1/events", body), a -> printer.line(EventsCommand.published(a)));
    }
}
