package org.speaktheart.teacher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code teacher}: train the default teacher's image tower ({@code train}) and measure a teacher by
 * zero-shot retrieval ({@code evaluate}). Exit codes: 0 success, 1 runtime failure (bad data, a model
 * that does not load, a checkpoint of another run), 2 usage (unknown or missing option or subcommand,
 * an option value out of range).
 */
@Command(name = "teacher", mixinStandardHelpOptions = true, version = "STA-Java teacher 0.1.0-SNAPSHOT",
        subcommands = {TrainCommand.class, EvaluateCommand.class},
        description = "Train the default image-text teacher's image tower, or evaluate a teacher by zero-shot retrieval.")
public final class TeacherCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line.
     *
     * @return 0 success, 1 runtime failure, 2 usage error
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line (exceptions during execution print their message and give exit code 1). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TeacherCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return cli;
    }

    /** Without a subcommand: the usage on stderr, exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("teacher: a subcommand is required (train or evaluate)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
