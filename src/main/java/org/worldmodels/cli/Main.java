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
            // the pipeline, then its stages in order, then the environment's own tools
            PipelineCommand.class,
            GenerateCommand.class,
            TrainVaeCommand.class,
            EncodeCommand.class,
            TrainRnnCommand.class,
            TrainControllerCommand.class,
            EvaluateCommand.class,
            DreamCommand.class,
            PlayCommand.class,
            TrackCommand.class,
            ReplayCommand.class,
            CommandLine.HelpCommand.class,
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
        // Help text as wide as the terminal (100 columns when it cannot be told, e.g. piped).
        cli.setUsageHelpWidth(100);
        cli.setUsageHelpAutoWidth(true);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (verbose) ex.printStackTrace();
            else commandLine.getErr().println("worldmodels: " + oneLine(ex));
            return 1;
        });
        // Bad options: one line naming the problem and where the help is, not the whole usage text.
        cli.setParameterExceptionHandler((ex, args2) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("worldmodels: " + ex.getMessage() + " (see: worldmodels "
                    + (c.getCommandName().equals("worldmodels") ? "" : c.getCommandName() + " ") + "--help)");
            return 2;
        });
        return cli.execute(args);
    }

    /** The message of an error as one line; file-system exceptions carry only the path, so say what happened. */
    static String oneLine(Exception ex) {
        if (ex instanceof java.nio.file.NoSuchFileException e) return "no such file: " + e.getFile();
        if (ex instanceof java.nio.file.AccessDeniedException e) return "permission denied: " + e.getFile();
        if (ex instanceof java.nio.file.FileSystemException e && e.getReason() != null) {
            return e.getFile() + ": " + e.getReason();
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.toString();
    }
}
