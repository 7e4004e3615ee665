package org.speaktheart.data.tts;

import java.nio.file.Path;
import java.util.List;

/**
 * A text-to-speech engine driver. Every driver writes 16 kHz, mono, 16-bit PCM WAV files and is
 * safe to call from several threads at once (each call runs its own processes).
 */
public interface SpeechSynthesizer {
    /** @return the engine this driver runs */
    Engine engine();

    /** @return the voices this driver offers on this machine */
    List<Voice> voices();

    /**
     * Synthesises one utterance. The file appears atomically (written under a temporary name in
     * the same directory, then moved).
     *
     * @param request text, voice (one of {@link #voices()}), speed and pitch
     * @param wavOut destination {@code .wav}; parent directories are created
     * @throws SynthesisException when the engine fails, times out or writes no audio
     */
    void synthesize(SpeechRequest request, Path wavOut);
}
