package org.speaktheart.pipeline.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.speaktheart.data.tts.NoVoiceException;
import org.speaktheart.data.tts.SpeechRequest;
import org.speaktheart.data.tts.TtsEngines;
import org.speaktheart.data.tts.Voice;
import org.speaktheart.pipeline.GenerationResult;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.DefaultBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sta say}: text -> speech with an installed text-to-speech engine -> image, for a quick try of a
 * bundle without recording anything. The speech goes through the same pipeline as any recording; no
 * text reaches the model.
 */
@Command(name = "say", mixinStandardHelpOptions = true,
        description = {"Speaks the text with an installed text-to-speech voice (espeak-ng, mbrola, pico, flite, "
                + "festival) and generates an image from that speech with a model bundle."})
final class SayCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--bundle", description = "Model bundle directory (default: the embedded default model).")
    private Path bundle;

    @Option(names = "--text", required = true, description = "What to say.")
    private String text;

    @Option(names = "--language", description = "Language of the text and the voice (default: ${DEFAULT-VALUE}).",
            defaultValue = "en")
    private String language;

    @Option(names = "--voice", description = "Voice id (e.g. espeak-ng/en-us) or engine voice name (e.g. en-us); "
            + "default: the first installed voice of the language.")
    private String voice;

    @Option(names = "--speech-out", paramLabel = "WAV", description = "Also keep the synthesised speech here.")
    private Path speechOut;

    @Mixin
    private SamplingOptions sampling;

    @Override
    public Integer call() {
        TtsEngines engines = TtsEngines.detect(Duration.ofSeconds(30));
        Voice chosen = chooseVoice(engines.available().stream().flatMap(s -> s.voices().stream()).toList(), language, voice);
        try (SpeechToImagePipeline pipeline = SpeechToImagePipeline.builder(DefaultBundle.open(bundle)).build()) {
            Path wav = speechOut != null ? speechOut : Files.createTempFile("sta-say-", ".wav");
            try {
                engines.driverFor(chosen).synthesize(new SpeechRequest(text, chosen, 1.0, 0), wav);
                GenerationResult r = pipeline.generate(wav, sampling.options(pipeline.defaultSampler(), language));
                spec.commandLine().getOut().println("\"" + text + "\" (" + chosen.id() + ") -> " + sampling.write(r));
                spec.commandLine().getOut().flush();
            } finally {
                if (speechOut == null) {
                    Files.deleteIfExists(wav);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthesised speech: " + e.getMessage(), e);
        }
        return 0;
    }

    /**
     * The voice to speak with: the one named (by id or engine name) among the language's voices, or the
     * language's first voice.
     *
     * @param installed every installed voice
     * @throws NoVoiceException listing the installed voices when none fits
     */
    static Voice chooseVoice(List<Voice> installed, String language, String wanted) {
        List<Voice> forLanguage = installed.stream().filter(v -> v.language().equals(language)).toList();
        if (forLanguage.isEmpty()) {
            throw new NoVoiceException("no installed text-to-speech voice speaks '" + language + "'; installed voices: "
                    + describe(installed) + " (install espeak-ng, mbrola voices, libttspico-utils, flite or festival)");
        }
        if (wanted == null) {
            return forLanguage.get(0);
        }
        return forLanguage.stream().filter(v -> v.id().equals(wanted) || v.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new NoVoiceException("no installed '" + language + "' voice is called '" + wanted
                        + "'; installed '" + language + "' voices: " + describe(forLanguage)));
    }

    private static String describe(List<Voice> voices) {
        return voices.isEmpty() ? "none" : voices.stream().map(v -> v.id() + " (" + v.language() + ")")
                .collect(Collectors.joining(", "));
    }
}
