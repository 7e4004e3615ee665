package org.speaktheart.data.tts;

import java.nio.file.Path;
import java.util.List;

/** SVOX Pico driver ({@code pico2wave}); voice names are its languages, e.g. {@code en-US}, {@code en-GB}, {@code fr-FR}. Speed and pitch via sox. */
public final class PicoSynthesizer extends ProcessSynthesizer {
    /** English voices offered by default. */
    public static final List<String> ENGLISH = List.of("en-US", "en-GB");
    /** French voice offered by default. */
    public static final List<String> FRENCH = List.of("fr-FR");

    /**
     * @param runner process runner
     * @param voices voices to offer
     */
    public PicoSynthesizer(ProcessRunner runner, List<Voice> voices) {
        super(runner, voices);
    }

    /**
     * @param runner process runner
     * @return a driver offering {@link #ENGLISH} and {@link #FRENCH}
     */
    public static PicoSynthesizer withDefaultVoices(ProcessRunner runner) {
        return new PicoSynthesizer(runner, java.util.stream.Stream.concat(
                ENGLISH.stream().map(n -> new Voice(Engine.PICO, n, "en")),
                FRENCH.stream().map(n -> new Voice(Engine.PICO, n, "fr"))).toList());
    }

    @Override
    public Engine engine() {
        return Engine.PICO;
    }

    @Override
    protected void produce(SpeechRequest r, Path rawWav) {
        runner.run(List.of("pico2wave", "-l", r.voice().name(), "-w", rawWav.toString(), "--", r.text()), null);
    }

    @Override
    protected boolean appliesProsody() {
        return false;
    }
}
