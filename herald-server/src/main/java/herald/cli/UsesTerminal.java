package herald.cli;

/**
 * A command that reads settings from, and prints to, a {@link Terminal}: the process's own unless
 * {@link Cli#commandLine} gives it another (tests run commands in-process with their own). Commands keep
 * a no-argument constructor so that a plain {@code new CommandLine(new Main())} builds them too.
 */
interface UsesTerminal {

    void use(Terminal terminal);
}
