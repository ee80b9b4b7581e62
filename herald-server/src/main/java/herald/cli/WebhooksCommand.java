package herald.cli;

import static herald.cli.HeraldApi.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.cli.Printer.Column;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald webhooks ...}: the account's webhook subscriptions. */
@Command(name = "webhooks", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "List, create and manage webhooks (HERALD_URL, HERALD_API_KEY).",
        subcommands = {WebhooksCommand.ListWebhooks.class, WebhooksCommand.Create.class, WebhooksCommand.Show.class,
                WebhooksCommand.Secret.class, WebhooksCommand.Headers.class, WebhooksCommand.Test.class,
                WebhooksCommand.Rotate.class,
                WebhooksCommand.Enable.class, WebhooksCommand.Disable.class, WebhooksCommand.Delete.class})
public final class WebhooksCommand extends CommandGroup {

    static final List<Column> COLUMNS = List.of(new Column("ID", "id"), new Column("URL", "url"),
            new Column("EVENTS", "events"), new Column("FORMAT", "format"), new Column("ENABLED", "enabled"),
            new Column("FAILURES", "consecutiveFailures"));

    /** A command on one webhook, named by its id. */
    abstract static class OnWebhook extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The webhook's id (wh_...).")
        String id;


        /** The webhook's route, then {@code suffix}. */
        String path(String suffix) {
            return "/v1/webhooks/" + segment(id) + suffix;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, footer = ExitCodes.HELP, description = "List the webhooks.")
    static final class ListWebhooks extends ClientCommand {
        @Mixin
        Paging paging;


        @Override
        void run(HeraldApi api, Printer printer) {
            var page = api.get(HeraldApi.query("/v1/webhooks", paging.query(Map.of())));
            print(printer, page, p -> printer.table(p.path("data"), COLUMNS, "No webhooks."));
            nextPage(page);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Create a webhook; reveal its signing secret with `herald webhooks secret ID`.")
    static final class Create extends ClientCommand {
        @Option(names = "--url", required = true, description = "Where to deliver (https://).")
        String url;

        @Option(names = "--events", required = true, split = ",",
                description = "Event types, comma-separated, or * for all.")
        List<String> events;

        @Option(names = "--description", description = "What it is for.")
        String description;

        @Option(names = "--format", description = "Body format: native (default), eppo, vwo, slack, discord, teams.")
        String format;

        @Option(names = "--ordering", description = "none (default), or per_subject: one subject's events one at a time, in order.")
        String ordering;

        @Override
        void run(HeraldApi api, Printer printer) {
            ObjectNode body = api.json().createObjectNode().put("url", url);
            events.forEach(body.putArray("events")::add);
            Optional.ofNullable(description).ifPresent(d -> body.put("description", d));
            Optional.ofNullable(format).ifPresent(f -> body.put("format", f));
            Optional.ofNullable(ordering).ifPresent(o -> body.put("ordering", o));
            print(printer, api.post("/v1/webhooks", body), printer::fields);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, footer = ExitCodes.HELP, description = "Show one webhook.")
    static final class Show extends OnWebhook {

        @Override
        void run(HeraldApi api, Printer printer) {
            print(printer, api.get(path("")), printer::fields);
        }
    }

    @Command(name = "secret", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Reveal a webhook's signing secret (audited), e.g. for `herald listen --secret`.")
    static final class Secret extends OnWebhook {

        @Override
        void run(HeraldApi api, Printer printer) {
            print(printer, api.get(path("/secret")), s -> printer.line(s.path("secret").asText()));
        }
    }

    @Command(name = "headers", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Reveal a webhook's custom headers with their values (audited), one `Name: value` a line.")
    static final class Headers extends OnWebhook {

        @Override
        void run(HeraldApi api, Printer printer) {
            print(printer, api.get(path("/headers")), h -> h.path("headers").properties()
                    .forEach(header -> printer.line(header.getKey() + ": " + header.getValue().asText())));
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Send a webhook.ping to this webhook alone.")
    static final class Test extends OnWebhook {

        @Override
        void run(HeraldApi api, Printer printer) {
            print(printer, api.post(path("/test")),
                    a -> printer.line("Ping queued as delivery " + a.path("deliveryId").asText()));
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Rotate the signing secret and print the new one.")
    static final class Rotate extends OnWebhook {
        @Option(names = "--grace-seconds", description = "Keep signing with the old secret too for this long (default 0).")
        Integer graceSeconds;


        @Override
        void run(HeraldApi api, Printer printer) {
            ObjectNode body = api.json().createObjectNode();
            Optional.ofNullable(graceSeconds).ifPresent(g -> body.put("graceSeconds", g));
            print(printer, api.post(path("/secret/rotate"), body),
                    s -> printer.line(s.path("secret").asText()));
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Enable a webhook; resets its consecutive failures and lets waiting retries go on.")
    static final class Enable extends OnWebhook {

        @Override
        void run(HeraldApi api, Printer printer) {
            print(printer, api.post(path("/enable")), printer::fields);
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Disable a webhook: no new deliveries, retries wait.")
    static final class Disable extends OnWebhook {

        @Override
        void run(HeraldApi api, Printer printer) {
            print(printer, api.post(path("/disable")), printer::fields);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, footer = ExitCodes.HELP, description = "Delete a webhook.")
    static final class Delete extends OnWebhook {

        @Override
        void run(HeraldApi api, Printer printer) {
            api.delete(path(""));
            print(printer, api.json().createObjectNode().put("deleted", id), d -> printer.line("Deleted " + id + "."));
        }
    }
}
