package org.speaktheart.data.tts;

import java.nio.file.Path;
import java.util.List;

/** CMU Flite driver; voices {@code kal16}, {@code slt}, {@code rms}, {@code awb}. Speed and pitch via sox. */
public final class FliteSynthesizer extends ProcessSynthesizer {
    /** English voices offered by default. */
    public static final List<String> ENGLISH = List.of("kal16", "slt", "rms", "awb");

    /**
     * @param runner process runner
     * @param voices voices to offer
     */
    public FliteSynthesizer(ProcessRunner runner, List<Voice> voices) {
        super(runner, voices);
    }

    /**
     * @param runner process runner
     * @return a driver offering {@link #ENGLISH}
     */
    public static FliteSynthesizer withDefaultVoices(ProcessRunner runner) {
        return new FliteSynthesizer(runner, ENGLISH.stream().map(n -> new Voice(Engine.FLITE, n, "en")).toList());
    }

    @Override
    public Engine engine() {
        return Engine.FLITE;
    }

    @Override
    protected void produce(SpeechRequest r, Path rawWav) {
        runner.run(List.of("flite", "-voice", r.voice().name(), "-t", r.text(), "-o", rawWav.toString()), null);
    }

    @Override
    protected boolean appliesProsody() {
        return false;
    }
}
