package org.speaktheart.pipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sta} command line: speech to image with STA-Java. */
@Command(name = "sta", mixinStandardHelpOptions = true, version = "STA-Java 0.1.0-SNAPSHOT",
        description = "Speak the Art: direct speech-to-image generation.",
        subcommands = {DemoCommand.class, DemoShapesCommand.class, GenerateCommand.class, SayCommand.class, ListenCommand.class,
                EvaluateCommand.class, DataCommand.class, TrainCommand.class, BundleCommand.class,
                CommandLine.HelpCommand.class})
public final class StaCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 success, 1 refused input, 2 usage). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The whole command tree, configured as {@link #execute} runs it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new StaCommand());
        // The speech encoder's own training commands (sta encoder train | adapt).
        // Named here as typed: the class is named sta-encoder for its own launcher, and nested usage lines
        // would otherwise read "sta sta-encoder adapt".
        cli.addSubcommand("encoder", new CommandLine(new org.speaktheart.encoder.cli.EncoderCommand()).setCommandName("encoder"));
        // The teacher's own commands (sta teacher train | evaluate).
        cli.addSubcommand("teacher", org.speaktheart.teacher.cli.TeacherCommand.commandLine());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("sta: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
