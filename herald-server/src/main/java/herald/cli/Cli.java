package herald.cli;

import picocli.CommandLine;

/**
 * Builds the command line so that every command uses the given {@link Terminal}: tests run commands
 * in-process against their own environment and output, with no global state.
 */
public final class Cli {

    private Cli() {}

    /** The command line rooted at {@code root}, writing to and reading settings from {@code terminal}. */
    public static CommandLine commandLine(Object root, Terminal terminal) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K created = CommandLine.defaultFactory().create(type);
                if (created instanceof UsesTerminal command) {
                    command.use(terminal);
                }
                return created;
            }
        };
        CommandLine line = new CommandLine(root, factory);
        line.setExpandAtFiles(false); // "@file" is for --data to read, not for picocli to splice into the arguments
        line.setOut(terminal.out());
        line.setErr(terminal.err());
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof CliException failure) {
                terminal.err().println("herald: " + failure.getMessage());
                terminal.err().flush();
                return failure.exitCode();
            }
            throw e;
        });
        return line;
    }
}
