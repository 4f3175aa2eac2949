// SPDX-License-Identifier: MIT
// The main class: one subcommand per pipeline stage (picocli generates the help and parses options).
package org.worldmodels.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./worldmodels}: lists and dispatches the subcommands. */
@Command(name = "worldmodels",
        mixinStandardHelpOptions = true,
        version = "worldmodels-java 0.1.0",
        description = "World Models (Ha & Schmidhuber, 2018) on CarRacing, in pure Java.",
        subcommands = {
            CommandLine.HelpCommand.class,
            TrackCommand.class,
            ReplayCommand.class,
            GenerateCommand.class,
            TrainVaeCommand.class,
            EncodeCommand.class,
            TrainRnnCommand.class,
            PlayCommand.class,
            DreamCommand.class,
            TrainControllerCommand.class,
            EvaluateCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code; errors are one line unless --verbose is given. */
    public static int run(String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (verbose) ex.printStackTrace();
            else commandLine.getErr().println("worldmodels: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return 1;
        });
        return cli.execute(args);
    }
}
