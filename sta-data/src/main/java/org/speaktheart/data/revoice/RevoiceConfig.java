package org.speaktheart.data.revoice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.data.tts.SynthesisException;
import org.speaktheart.data.tts.Voice;

/**
 * What {@link Revoicer} speaks again, and with which voices.
 *
 * @param split the split whose utterances are re-spoken (normally train)
 * @param language the language of the utterances re-spoken; every voice must speak it
 * @param voices the new voices, at least one, distinct; each selected utterance gets one of them, in turn
 * @param maxRecords how many utterances to re-speak, 0 = all of the split and language
 * @param seed which utterances are chosen (when {@code maxRecords} is below their number) and which
 *     voice each gets
 * @param threads synthesis processes at once
 * @param timeout time limit per synthesis process
 */
public record RevoiceConfig(Split split, String language, List<Voice> voices, int maxRecords, long seed, int threads,
                            Duration timeout) {

    /** Validates the options. */
    public RevoiceConfig {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(timeout, "timeout");
        if (language == null || language.isBlank()) {
            throw new SynthesisException("a language is required, e.g. en");
        }
        if (voices == null || voices.isEmpty()) {
            throw new SynthesisException("at least one new voice is required, e.g. festival/rab_diphone");
        }
        voices = List.copyOf(voices);
        for (Voice v : voices) {
            if (!v.language().equals(language)) {
                throw new SynthesisException("voice " + v.id() + " speaks '" + v.language() + "', but the utterances re-spoken are '"
                        + language + "'");
            }
        }
        if (voices.stream().map(Voice::id).distinct().count() != voices.size()) {
            throw new SynthesisException("voices must be distinct, got " + voices.stream().map(Voice::id).toList());
        }
        if (maxRecords < 0) {
            throw new SynthesisException("maxRecords must be >= 0 (0 = all), got " + maxRecords);
        }
        if (threads < 1) {
            throw new SynthesisException("threads must be >= 1, got " + threads);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new SynthesisException("timeout must be positive, got " + timeout);
        }
    }

    /**
     * @param language the language re-spoken
     * @return a builder: train split, all utterances, seed 0, 2 threads, 60 s per process
     */
    public static Builder builder(String language) {
        return new Builder(language);
    }

    /** Builder for {@link RevoiceConfig}. */
    public static final class Builder {
        private final String language;
        private final List<Voice> voices = new ArrayList<>();
        private Split split = Split.TRAIN;
        private int maxRecords;
        private long seed;
        private int threads = 2;
        private Duration timeout = Duration.ofSeconds(60);

        private Builder(String language) {
            this.language = language;
        }

        /** @param ids voice ids such as {@code festival/rab_diphone}, all of the builder's language @return this */
        public Builder voices(List<String> ids) {
            for (String id : ids) {
                voices.add(Voice.parse(id, language));
            }
            return this;
        }

        /** @param v the split re-spoken @return this */
        public Builder split(Split v) { this.split = v; return this; }

        /** @param v at most this many utterances, 0 = all @return this */
        public Builder maxRecords(int v) { this.maxRecords = v; return this; }

        /** @param v the seed @return this */
        public Builder seed(long v) { this.seed = v; return this; }

        /** @param v synthesis processes at once @return this */
        public Builder threads(int v) { this.threads = v; return this; }

        /** @param v time limit per synthesis process @return this */
        public Builder timeout(Duration v) { this.timeout = v; return this; }

        /** @return the validated configuration */
        public RevoiceConfig build() {
            return new RevoiceConfig(split, language, voices, maxRecords, seed, threads, timeout);
        }
    }
}
