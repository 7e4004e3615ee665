package org.speaktheart.data.tts;

import java.nio.file.Path;
import java.util.List;

/** eSpeak NG driver: accents and voice variants, speed ({@code -s}) and pitch ({@code -p}) set in the engine. */
public final class EspeakSynthesizer extends ProcessSynthesizer {
    /** English accents and variants offered by default. */
    public static final List<String> ENGLISH = List.of("en-us", "en-gb", "en-gb-scotland", "en-029", "en-gb-x-rp",
            "en-gb-x-gbclan", "en-us+f2", "en-gb+f4");
    /** Arabic voice and variants offered by default. */
    public static final List<String> ARABIC = List.of("ar", "ar+f2", "ar+m3", "ar+f4");
    /**
     * French voice and variants offered by default. Variants are applied to {@code fr}: eSpeak NG 1.51
     * ignores a variant after {@code fr-fr}, and {@code fr-be} / {@code fr-ch} read these captions
     * exactly as {@code fr-fr} does (they differ in numerals), so they would be duplicate speakers.
     */
    public static final List<String> FRENCH = List.of("fr-fr", "fr+f1", "fr+f2", "fr+f4", "fr+m2", "fr+m3", "fr+m7");

    /**
     * @param runner process runner
     * @param voices voices to offer (engine must be {@link Engine#ESPEAK_NG})
     */
    public EspeakSynthesizer(ProcessRunner runner, List<Voice> voices) {
        super(runner, voices);
    }

    /**
     * @param runner process runner
     * @return a driver offering {@link #ENGLISH}, {@link #ARABIC} and {@link #FRENCH}
     */
    public static EspeakSynthesizer withDefaultVoices(ProcessRunner runner) {
        return new EspeakSynthesizer(runner, java.util.stream.Stream.of(
                ENGLISH.stream().map(n -> new Voice(Engine.ESPEAK_NG, n, "en")),
                ARABIC.stream().map(n -> new Voice(Engine.ESPEAK_NG, n, "ar")),
                FRENCH.stream().map(n -> new Voice(Engine.ESPEAK_NG, n, "fr"))).flatMap(s -> s).toList());
    }

    @Override
    public Engine engine() {
        return Engine.ESPEAK_NG;
    }

    @Override
    protected void produce(SpeechRequest r, Path rawWav) {
        runner.run(List.of("espeak-ng", "-v", r.voice().name(), "-s", espeakRate(r.speed()), "-p", espeakPitch(r.pitchSemitones()),
                "-w", rawWav.toString(), "--", r.text()), null);
    }

    @Override
    protected boolean appliesProsody() {
        return true;
    }
}
