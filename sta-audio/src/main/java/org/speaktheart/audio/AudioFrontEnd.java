package org.speaktheart.audio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.speaktheart.audio.dsp.AudioConditioner;
import org.speaktheart.audio.dsp.Resampler;
import org.speaktheart.audio.features.LogMelBatch;
import org.speaktheart.audio.features.LogMelConfig;
import org.speaktheart.audio.features.LogMelExtractor;
import org.speaktheart.audio.io.AudioDecoder;

/**
 * The whole input chain in one place, so that training and inference cannot drift apart:
 * decode (if given bytes or a file), resample to the feature rate, condition, extract log-mel.
 *
 * <p>Equivalent to {@code extractor.extract(conditioner.apply(resampler.resample(decoder.decode(file),
 * config.sampleRate())))}. Immutable and thread-safe.
 */
public final class AudioFrontEnd {
    private final AudioDecoder decoder;
    private final Resampler resampler;
    private final AudioConditioner conditioner;
    private final LogMelExtractor extractor;

    /**
     * Creates a front end from its parts.
     *
     * @param decoder file decoder
     * @param resampler resampler to the feature rate
     * @param conditioner conditioning applied at the feature rate
     * @param config feature definition (its sample rate is the target rate)
     */
    public AudioFrontEnd(AudioDecoder decoder, Resampler resampler, AudioConditioner conditioner, LogMelConfig config) {
        this.decoder = decoder;
        this.resampler = resampler;
        this.conditioner = conditioner;
        this.extractor = new LogMelExtractor(config);
    }

    /**
     * Creates a front end with the standard decoder, the default resampler and conditioner.
     *
     * @param config feature definition
     * @return the front end
     */
    public static AudioFrontEnd of(LogMelConfig config) {
        return new AudioFrontEnd(AudioDecoder.standard(), new Resampler(), AudioConditioner.defaults(), config);
    }

    /** @return the feature definition */
    public LogMelConfig config() {
        return extractor.config();
    }

    /**
     * Resamples and conditions a clip without extracting features.
     *
     * @param clip any clip
     * @return the clip as the extractor sees it
     */
    public AudioClip prepare(AudioClip clip) {
        return conditioner.apply(resampler.resample(clip, extractor.config().sampleRate()));
    }

    /**
     * Features of a clip at any rate.
     *
     * @param clip the clip
     * @return {@code [frames][nMels]}
     */
    public float[][] features(AudioClip clip) {
        return extractor.extract(prepare(clip));
    }

    /**
     * Features of an audio file.
     *
     * @param file WAV, AIFF or AU file
     * @return {@code [frames][nMels]}
     */
    public float[][] features(Path file) {
        return features(decoder.decode(file));
    }

    /**
     * Features of an encoded file held in memory.
     *
     * @param encoded WAV, AIFF or AU bytes
     * @return {@code [frames][nMels]}
     */
    public float[][] features(byte[] encoded) {
        return features(decoder.decode(encoded));
    }

    /**
     * Padded features of several clips.
     *
     * @param clips clips at any rates, at least one
     * @return {@code [batch][maxFrames][nMels]} with valid frame counts
     */
    public LogMelBatch batch(List<AudioClip> clips) {
        List<AudioClip> prepared = new ArrayList<>(clips.size());
        for (AudioClip c : clips) {
            prepared.add(prepare(c));
        }
        return extractor.extractBatch(prepared);
    }
}
