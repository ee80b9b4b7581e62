package herald.cli;

import picocli.CommandLine;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code herald webhooks}): run alone, it shows its help. */
abstract class CommandGroup implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
