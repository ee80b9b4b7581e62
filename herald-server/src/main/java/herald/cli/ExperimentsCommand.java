package herald.cli;

import static herald.cli.HeraldApi.segment;

import herald.cli.Printer.Column;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code herald experiments ...}: list experiments and move them through their statuses. */
@Command(name = "experiments", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "List experiments and start, pause, resume or stop them (HERALD_URL, HERALD_API_KEY).",
        subcommands = {ExperimentsCommand.ListExperiments.class, ExperimentsCommand.Start.class,
                ExperimentsCommand.Pause.class, ExperimentsCommand.Resume.class, ExperimentsCommand.Stop.class})
public final class ExperimentsCommand extends CommandGroup {

    static final List<Column> COLUMNS = List.of(new Column("ID", "id"), new Column("KEY", "key"),
            new Column("STATUS", "status"), new Column("PROJECT", "project"), new Column("ENVIRONMENT", "environment"),
            new Column("NAME", "name"));

    @Command(name = "list", mixinStandardHelpOptions = true, footer = ExitCodes.HELP, description = "List experiments.")
    static final class ListExperiments extends ClientCommand {
        @Mixin
        Paging paging;


        @Override
        void run(HeraldApi api, Printer printer) {
            var page = api.get(HeraldApi.query("/v1/experiments", paging.query(Map.of())));
            print(printer, page, p -> printer.table(p.path("data"), COLUMNS, "No experiments."));
            nextPage(page);
        }
    }

    /** The four status moves differ only in their route; an invalid move is Herald's 409 (exit 1). */
    abstract static class Move extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The experiment's id (exp_...).")
        String id;

        private final String action;

        Move(String action) {
            this.action = action;
        }

        @Override
        void run(HeraldApi api, Printer printer) {
            print(printer, api.post("/v1/experiments/" + segment(id) + "/" + action),
                    e -> printer.line("Experiment " + e.path("key").asText() + " (" + id + ") is now "
                            + e.path("status").asText() + "."));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, footer = ExitCodes.HELP, description = "Draft to running.")
    static final class Start extends Move {
        Start() {
            super("start");
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, footer = ExitCodes.HELP, description = "Running to paused.")
    static final class Pause extends Move {
        Pause() {
            super("pause");
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, footer = ExitCodes.HELP, description = "Paused to running.")
    static final class Resume extends Move {
        Resume() {
            super("resume");
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
            description = "Running or paused to completed.")
    static final class Stop extends Move {
        Stop() {
            super("stop");
        }
    }
}
