package herald.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Builds the command line so that every command gets the {@link Terminal} through its constructor:
 * tests run commands in-process against their own environment and output, with no global state.
 */
public final class Cli {

    private Cli() {}

    /** The command line rooted at {@code root}, writing to and reading settings from {@code terminal}. */
    public static CommandLine commandLine(Object root, Terminal terminal) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    Constructor<K> withTerminal = type.getDeclaredConstructor(Terminal.class);
                    withTerminal.setAccessible(true);
                    return withTerminal.newInstance(terminal);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(type);
                }
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
