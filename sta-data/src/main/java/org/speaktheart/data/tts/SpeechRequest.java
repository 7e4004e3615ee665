package org.speaktheart.data.tts;

import java.util.Objects;

/**
 * One utterance to synthesise.
 *
 * @param text the text (UTF-8; Arabic should be vowel-marked)
 * @param voice the voice
 * @param speed speaking-rate factor, 1 = the engine's normal rate, accepted range [0.5, 2]
 * @param pitchSemitones pitch shift in semitones, accepted range [-6, 6]
 */
public record SpeechRequest(String text, Voice voice, double speed, double pitchSemitones) {
    /** Validates the ranges. */
    public SpeechRequest {
        Objects.requireNonNull(voice, "voice");
        if (text == null || text.isBlank()) {
            throw new SynthesisException("text must not be blank");
        }
        if (!(speed >= 0.5 && speed <= 2.0)) {
            throw new SynthesisException("speed must be in [0.5, 2], got " + speed);
        }
        if (!(pitchSemitones >= -6 && pitchSemitones <= 6)) {
            throw new SynthesisException("pitchSemitones must be in [-6, 6], got " + pitchSemitones);
        }
    }

    /**
     * @param text the text
     * @param voice the voice
     * @return a request at normal speed and pitch
     */
    public static SpeechRequest of(String text, Voice voice) {
        return new SpeechRequest(text, voice, 1.0, 0.0);
    }
}
