package org.speaktheart.data.tts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Festival driver ({@code text2wave}, text on standard input); voice names are Festival voice
 * names without the {@code voice_} prefix, e.g. {@code kal_diphone}. Speed and pitch via sox.
 * Start-up makes it the slowest engine (about 3.5 utterances per second per process).
 */
public final class FestivalSynthesizer extends ProcessSynthesizer {
    /** English voices offered by default (Debian {@code festvox-kallpc16k}). */
    public static final List<String> ENGLISH = List.of("kal_diphone");

    /**
     * @param runner process runner
     * @param voices voices to offer
     */
    public FestivalSynthesizer(ProcessRunner runner, List<Voice> voices) {
        super(runner, voices);
    }

    /**
     * @param runner process runner
     * @return a driver offering {@link #ENGLISH}
     */
    public static FestivalSynthesizer withDefaultVoices(ProcessRunner runner) {
        return new FestivalSynthesizer(runner, ENGLISH.stream().map(n -> new Voice(Engine.FESTIVAL, n, "en")).toList());
    }

    @Override
    public Engine engine() {
        return Engine.FESTIVAL;
    }

    @Override
    protected void produce(SpeechRequest r, Path rawWav) {
        if (!r.voice().name().matches("[A-Za-z0-9_]+")) {
            throw new SynthesisException("festival voice names are letters, digits and _, got '" + r.voice().name() + "'");
        }
        runner.run(List.of("text2wave", "-eval", "(voice_" + r.voice().name() + ")", "-o", rawWav.toString()),
                r.text().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected boolean appliesProsody() {
        return false;
    }
}
