package org.speaktheart.data.tts;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One utterance of a batch and where its WAV goes.
 *
 * @param request what to say and how
 * @param output destination WAV file
 */
public record SynthesisJob(SpeechRequest request, Path output) {
    /** Rejects nulls. */
    public SynthesisJob {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(output, "output");
    }
}
