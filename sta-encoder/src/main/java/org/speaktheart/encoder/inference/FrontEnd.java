package org.speaktheart.encoder.inference;

import java.util.List;
import org.speaktheart.audio.AudioClip;

/**
 * Turns clips into the encoder's input frames. Implementations: {@link LogMelFrontEnd} (built in)
 * and {@link ExternalFrontEnd} (an exported self-supervised speech model). Clips at another rate are
 * resampled to the front end's rate.
 */
public interface FrontEnd extends AutoCloseable {

    /** Frames of a batch of clips, zero-padded to the longest. */
    FeatureBatch features(List<AudioClip> clips);

    /** Sample rate the front end works at, Hz. */
    int sampleRate();

    @Override
    void close();
}
