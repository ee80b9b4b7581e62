package herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** A command that calls a running Herald's API and prints the answer for people or, with {@code --json}, for scripts. */
abstract class ClientCommand implements Callable<Integer>, UsesTerminal {

    @Option(names = "--json", description = "Print Herald's JSON answer instead of a table, for scripts.")
    boolean json;

    Terminal terminal = Terminal.system();

    @Override
    public void use(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public final Integer call() {
        ObjectMapper mapper = new ObjectMapper();
        run(HeraldApi.from(terminal, mapper), new Printer(mapper, terminal.out()));
        return ExitCodes.OK;
    }

    abstract void run(HeraldApi api, Printer printer);

    /** Prints {@code answer} as JSON under {@code --json}, else the way {@code forPeople} does. */
    final void print(Printer printer, JsonNode answer, Consumer<JsonNode> forPeople) {
        if (json) {
            printer.json(answer);
        } else {
            forPeople.accept(answer);
        }
    }

    /** After a page of a list: how to ask for the next one, on standard error so that it never mixes with data. */
    final void nextPage(JsonNode page) {
        JsonNode next = page.path("nextCursor");
        if (!json && next.isTextual() && !next.asText().isEmpty()) {
            terminal.err().println("More: repeat with --cursor " + next.asText());
            terminal.err().flush();
        }
    }
}
