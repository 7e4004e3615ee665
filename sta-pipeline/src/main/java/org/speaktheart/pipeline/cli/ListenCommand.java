package org.speaktheart.pipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioDeviceException;
import org.speaktheart.audio.capture.CaptureLine;
import org.speaktheart.audio.capture.JavaSoundCaptureLine;
import org.speaktheart.audio.capture.MicrophoneRecorder;
import org.speaktheart.audio.dsp.Resampler;
import org.speaktheart.pipeline.GenerationResult;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.DefaultBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sta listen}: records one utterance from the default microphone and generates an image from it.
 * Recording stops after {@code --seconds} or after 0.8 s of quiet once speech began; a machine without
 * a capture device gets a typed {@link AudioDeviceException} (exit code 1).
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Records from the default microphone (until --seconds, or 0.8 s of quiet after speech) and "
                + "generates an image from the recording with a model bundle."})
final class ListenCommand implements Callable<Integer> {
    private static final int RATE = 16_000;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--bundle", description = "Model bundle directory (default: the embedded default model).")
    private Path bundle;

    @Option(names = "--seconds", description = "Longest recording in seconds, in (0, 60] (default: ${DEFAULT-VALUE}).",
            defaultValue = "4")
    private double seconds;

    @Option(names = "--language", description = "Spoken language code (default: decided by the bundle's encoder).")
    private String language;

    @Mixin
    private SamplingOptions sampling;

    @Override
    public Integer call() {
        if (!(seconds > 0 && seconds <= 60)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be in (0, 60], got " + seconds);
        }
        try (SpeechToImagePipeline pipeline = SpeechToImagePipeline.builder(DefaultBundle.open(bundle)).build()) {
            CaptureLine line;
            try {
                line = JavaSoundCaptureLine.openDefault(RATE, 48_000, 44_100);
            } catch (AudioDeviceException e) {
                throw new AudioDeviceException("sta listen needs a microphone, and this machine has no usable audio "
                        + "input: " + e.getMessage() + ". Use 'sta generate' with a recorded file or 'sta say' instead.", e);
            }
            spec.commandLine().getOut().println("listening for up to " + seconds + " s...");
            spec.commandLine().getOut().flush();
            GenerationResult r;
            try (line) {
                r = listen(pipeline, line);
            }
            spec.commandLine().getOut().println("recording -> " + sampling.write(r));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** Records one utterance from an open line (at its own rate, resampled to 16 kHz) and generates from it. */
    GenerationResult listen(SpeechToImagePipeline pipeline, CaptureLine line) {
        AudioClip recorded = new MicrophoneRecorder(RATE, seconds, 0.8, -45.0, 0.02).record(line);
        AudioClip clip = new Resampler().resample(recorded, RATE);
        return pipeline.generate(clip, sampling.options(pipeline.defaultSampler(), language));
    }
}
