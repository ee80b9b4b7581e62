package herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Main;
import herald.Receiver;
import herald.TestHerald;
import herald.WithHerald;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The client commands against a running Herald, through HERALD_URL and HERALD_API_KEY, as a user runs them. */
@WithHerald
class ClientCommandsTest {

    static TestHerald herald;
    static Receiver receiver;

    /** A fresh growth account, and the environment that points the CLI at it. */
    static Map<String, String> account() {
        return Map.of("HERALD_URL", herald.app().baseUrl(), "HERALD_API_KEY", herald.account("growth").token());
    }

    static CliRun ok(Map<String, String> env, String... args) {
        CliRun run = CliRun.run(env, args);
        assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err()).isZero();
        return run;
    }

    static JsonNode json(CliRun run) {
        try {
            return Api.mapper().readTree(run.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + run.out(), e);
        }
    }

    @Test
    void webhooksAreCreatedListedShownChangedAndDeleted() {
        Map<String, String> env = account();
        JsonNode created = json(ok(env, "webhooks", "create", "--url", receiver.url("/cli"),
                "--events", "flag.created,flag.removed", "--description", "from the CLI", "--json"));
        String id = created.path("id").asText();
        assertThat(id).startsWith("wh_");
        assertThat(created.path("events")).hasSize(2);

        CliRun table = ok(env, "webhooks", "list");
        assertThat(table.out().lines().findFirst().orElseThrow()).matches("ID +URL +EVENTS +FORMAT +ENABLED +FAILURES");
        assertThat(table.out()).contains(id).contains("flag.created,flag.removed");
        assertThat(json(ok(env, "webhooks", "list", "--json")).path("data").get(0).path("id").asText()).isEqualTo(id);
        assertThat(ok(env, "webhooks", "show", id).out()).contains("description").contains("from the CLI");

        assertThat(ok(env, "webhooks", "disable", id).out()).containsPattern("enabled +false");
        assertThat(ok(env, "webhooks", "enable", id).out()).containsPattern("enabled +true");

        String secret = ok(env, "webhooks", "secret", id).out().strip();
        String rotated = ok(env, "webhooks", "rotate", id, "--grace-seconds", "60").out().strip();
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(ok(env, "webhooks", "secret", id).out().strip()).isEqualTo(rotated);

        assertThat(ok(env, "webhooks", "headers", id).out()).isEmpty();
        new Api(env.get("HERALD_URL"), env.get("HERALD_API_KEY")).patch("/v1/webhooks/" + id, "{\"headers\":{\"x-vwo-auth\":\"cli-key\"}}");
        assertThat(ok(env, "webhooks", "show", id).out()).contains("x-vwo-auth").doesNotContain("cli-key");
        assertThat(ok(env, "webhooks", "headers", id).out().strip()).isEqualTo("x-vwo-auth: cli-key");

        assertThat(ok(env, "webhooks", "delete", id).out()).contains("Deleted " + id);
        CliRun gone = CliRun.run(env, "webhooks", "show", id);
        assertThat(gone.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(gone.err()).contains("not_found");
    }

    @Test
    void testAndTriggerDeliverAndDeliveriesCanBeInspectedAndRedelivered() {
        Map<String, String> env = account();
        String id = json(ok(env, "webhooks", "create", "--url", receiver.url("/trigger"), "--events", "*", "--json"))
                .path("id").asText();

        String ping = ok(env, "webhooks", "test", id).out();
        assertThat(ping).startsWith("Ping queued as delivery dlv_");
        assertThat(ok(env, "trigger", "experiment.started").out()).matches("Published evt_\\S+ to 1 webhook\\(s\\)\\.\\s*");
        List<Receiver.Request> arrived = receiver.await("/trigger", 2);
        JsonNode started = arrived.stream().map(r -> parse(r.body()))
                .filter(b -> b.path("type").asText().equals("experiment.started")).findFirst().orElseThrow();
        JsonNode example = catalogExample(env, "experiment.started");
        assertThat(started.path("data")).isEqualTo(example);

        String deliveryId = started.path("id").asText();
        CliRun.awaitStatus(new Api(env.get("HERALD_URL"), env.get("HERALD_API_KEY")), deliveryId, "success");
        CliRun list = ok(env, "deliveries", "list", "--webhook", id, "--event-type", "experiment.started");
        assertThat(list.out()).contains(deliveryId).contains("success").doesNotContain("webhook.ping");
        CliRun show = ok(env, "deliveries", "show", deliveryId);
        assertThat(show.out()).containsPattern("status +success").containsPattern("(?m)^# +STARTED +MS +CODE +ERROR")
                .containsPattern("(?m)^1 +\\S+ +\\d+ +200");

        assertThat(ok(env, "deliveries", "redeliver", deliveryId).out()).contains("queued again");
        assertThat(receiver.await(r -> r.body().contains(deliveryId), 2, java.time.Duration.ofSeconds(15))).hasSize(2);
    }

    @Test
    void eventsAreSentWithDataFromTheCommandLineOrAFileAndListed() throws IOException {
        Map<String, String> env = account();
        String sent = ok(env, "events", "send", "--type", "flag.created", "--data",
                "{\"flag_id\":\"flg_1\",\"flag_key\":\"dark-mode\",\"project\":\"web\"}", "--idempotency-key", "k1").out();
        assertThat(sent).startsWith("Published evt_");
        assertThat(ok(env, "events", "send", "--type", "flag.created", "--data",
                "{\"flag_id\":\"flg_1\",\"flag_key\":\"dark-mode\",\"project\":\"web\"}", "--idempotency-key", "k1").out())
                .contains("already published");
        Path file = Files.createTempFile("flag", ".json");
        Files.writeString(file, "{\"flag_id\":\"flg_2\",\"flag_key\":\"beta\",\"project\":\"web\"}");
        ok(env, "events", "send", "--type", "flag.removed", "--data", "@" + file);
        Files.delete(file);

        JsonNode listed = json(ok(env, "events", "list", "--json"));
        assertThat(listed.path("data")).hasSize(2);
        assertThat(ok(env, "events", "list", "--type", "flag.removed").out()).contains("flag.removed").doesNotContain("flag.created");

        CliRun invalid = CliRun.run(env, "events", "send", "--type", "flag.created", "--data", "{\"flag_id\":\"flg_3\"}");
        assertThat(invalid.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(invalid.err()).contains("invalid_data").contains("data.flag_key");
        CliRun notJson = CliRun.run(env, "events", "send", "--type", "flag.created", "--data", "{oops");
        assertThat(notJson.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(json(ok(env, "events", "list", "--json")).path("data")).hasSize(2);
    }

    @Test
    void experimentsAreListedAndMovedThroughTheirStatuses() {
        Map<String, String> env = account();
        Api api = new Api(env.get("HERALD_URL"), env.get("HERALD_API_KEY"));
        api.post("/v1/projects", "{\"key\":\"web\",\"name\":\"Web\"}");
        String id = api.post("/v1/experiments", "{\"key\":\"checkout\",\"name\":\"Checkout\",\"project\":\"web\","
                + "\"variations\":[{\"key\":\"control\",\"weight\":50},{\"key\":\"green\",\"weight\":50}]}").text("id");

        assertThat(ok(env, "experiments", "list").out()).containsPattern(id + " +checkout +draft +web +production +Checkout");
        assertThat(ok(env, "experiments", "start", id).out()).isEqualToIgnoringNewLines(
                "Experiment checkout (" + id + ") is now running.");
        CliRun again = CliRun.run(env, "experiments", "start", id);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).startsWith("herald: ");
        assertThat(ok(env, "experiments", "pause", id).out()).contains("is now paused");
        assertThat(ok(env, "experiments", "resume", id).out()).contains("is now running");
        assertThat(json(ok(env, "experiments", "stop", id, "--json")).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void exitCodesTellAMissingKeyABadKeyAnUnreachableHeraldAndABadArgumentApart() throws IOException {
        assertThat(CliRun.run(Map.of("HERALD_URL", herald.app().baseUrl()), "webhooks", "list").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        CliRun badKey = CliRun.run(Map.of("HERALD_URL", herald.app().baseUrl(), "HERALD_API_KEY", "hk_wrong"),
                "webhooks", "list");
        assertThat(badKey.exitCode()).isEqualTo(ExitCodes.NOT_AUTHORISED);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun unreachable = CliRun.run(Map.of("HERALD_URL", "http://127.0.0.1:" + closedPort, "HERALD_API_KEY", "hk_x"),
                "webhooks", "list");
        assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unreachable.err()).contains("cannot reach Herald");
        Map<String, String> env = account();
        assertThat(CliRun.run(env, "webhooks", "create", "--url", receiver.url("/x")).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run(env, "trigger", "no.such.type").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run(env, "trigger", "webhook.ping").err()).contains("herald webhooks test");
        CliRun badWindow = CliRun.run(env, "deliveries", "recover", "--webhook", "wh_x", "--since", "yesterday");
        assertThat(badWindow.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badWindow.err()).contains("--since must be an RFC 3339 time");
    }

    @Test
    void recoverQueuesADeadWebhooksDeliveriesAgainAndListingAcrossWebhooksShowsThem() {
        Map<String, String> env = account();
        Api api = new Api(herald.app().baseUrl(), env.get("HERALD_API_KEY"));
        receiver.reply("/cli-down", r -> Receiver.Reply.status(500));
        String webhook = TestHerald.webhook(api, receiver.url("/cli-down"), "[\"flag.created\"]").text("id");
        api.post("/v1/events", TestHerald.flagCreated("cli-recover"));
        receiver.await("/cli-down", 5); // the test schedule's five attempts: the delivery is dead
        long deadline = System.currentTimeMillis() + 15_000;
        while (json(ok(env, "deliveries", "list", "--json")).path("data").findValuesAsText("status").contains("failed")
                && System.currentTimeMillis() < deadline) {
            Receiver.sleep(50);
        }
        assertThat(json(ok(env, "deliveries", "list", "--json")).path("data").findValuesAsText("status"))
                .containsExactly("dead");

        receiver.reply("/cli-down", r -> Receiver.Reply.ok());
        CliRun recovered = ok(env, "deliveries", "recover", "--webhook", webhook, "--since", "2020-01-01T00:00:00Z");
        assertThat(recovered.out()).contains("1 deliveries queued again.");
        receiver.await("/cli-down", 6);
    }

    @Test
    void everyCommandHasHelpThatEndsWithTheExitCodes() {
        List<CommandLine> all = new ArrayList<>();
        collect(Cli.commandLine(new Main(), new Terminal(Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()))), all);
        assertThat(all).hasSizeGreaterThan(25);
        for (CommandLine command : all) {
            if (command.getCommandName().equals("herald")) {
                continue;
            }
            List<String> path = new ArrayList<>();
            for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
                path.addFirst(c.getCommandName());
            }
            path.add("--help");
            CliRun help = CliRun.run(Map.of(), path.toArray(String[]::new));
            assertThat(help.exitCode()).as(path.toString()).isZero();
            assertThat(help.out()).as(path.toString()).startsWith("Usage: herald " + String.join(" ", path.subList(0, path.size() - 1)));
            if (path.size() > 2 || !List.of("serve", "rotate-master-key").contains(path.getFirst())) {
                assertThat(help.out()).as(path.toString()).contains("Exit codes: 0 done");
            }
        }
    }

    @Test
    void aPlainCommandLineOfMainStillBuildsEveryCommand() {
        // Regression: commands once needed Cli's factory, and `new CommandLine(new Main())` failed on them
        CommandLine plain = new CommandLine(new Main());
        List<CommandLine> all = new ArrayList<>();
        collect(plain, all);
        assertThat(all).extracting(CommandLine::getCommandName).contains("listen", "list", "recover", "trigger");
    }

    @Test
    void aGroupRunAloneShowsItsHelp() {
        for (String group : List.of("webhooks", "deliveries", "events", "experiments")) {
            CliRun run = CliRun.run(Map.of(), group);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).startsWith("Usage: herald " + group + " ").contains("Commands:");
        }
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    private static JsonNode parse(String body) {
        try {
            return Api.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode catalogExample(Map<String, String> env, String type) {
        for (JsonNode entry : new Api(env.get("HERALD_URL"), env.get("HERALD_API_KEY")).get("/v1/event-types").json().path("data")) {
            if (entry.path("name").asText().equals(type)) {
                return entry.path("example");
            }
        }
        throw new AssertionError(type + " is not in the catalog");
    }
}
