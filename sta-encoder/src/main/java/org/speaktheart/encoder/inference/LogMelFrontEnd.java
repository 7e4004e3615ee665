package org.speaktheart.encoder.inference;

import java.util.ArrayList;
import java.util.List;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.dsp.Resampler;
import org.speaktheart.audio.features.LogMelBatch;
import org.speaktheart.audio.features.LogMelConfig;
import org.speaktheart.audio.features.LogMelExtractor;
import org.speaktheart.encoder.EncoderInputException;

/** The built-in front end: sta-audio log-mel features, {@code [B, T, nMels]}. Thread-safe. */
public final class LogMelFrontEnd implements FrontEnd {
    private final LogMelExtractor extractor;
    private final Resampler resampler = new Resampler();

    /** A front end computing exactly these features. */
    public LogMelFrontEnd(LogMelConfig config) {
        this.extractor = new LogMelExtractor(config);
    }

    @Override
    public FeatureBatch features(List<AudioClip> clips) {
        if (clips.isEmpty()) {
            throw new EncoderInputException("a batch needs at least one clip, got none");
        }
        int rate = sampleRate();
        List<AudioClip> atRate = new ArrayList<>(clips.size());
        for (AudioClip c : clips) {
            atRate.add(c.sampleRate() == rate ? c : resampler.resample(c, rate));
        }
        LogMelBatch batch = extractor.extractBatch(atRate);
        int[] frames = batch.frames();
        int max = 0;
        for (int f : frames) {
            max = Math.max(max, f);
        }
        return new FeatureBatch(batch.data(), new long[] {frames.length, max, extractor.config().nMels()}, frames);
    }

    @Override
    public int sampleRate() {
        return extractor.config().sampleRate();
    }

    @Override
    public void close() {
        // Pure Java: nothing native to free.
    }
}
