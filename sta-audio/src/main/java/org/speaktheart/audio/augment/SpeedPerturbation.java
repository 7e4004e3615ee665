package org.speaktheart.audio.augment;

import java.util.SplittableRandom;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioConfigException;
import org.speaktheart.audio.dsp.Resampler;

/**
 * Speed perturbation as in Kaldi's recipes (Ko et al. 2015): playing a clip {@code factor} times
 * faster, which shortens it by that factor and raises its pitch alike.
 *
 * <p>Implemented as band-limited resampling from {@code round(rate * factor)} Hz to {@code rate}
 * Hz, then labelling the result with the original rate; the factor is thus rounded to a multiple
 * of {@code 1 / rate}.
 */
public final class SpeedPerturbation {
    private final Resampler resampler;

    /** Creates a perturber with the default resampler. */
    public SpeedPerturbation() {
        this(new Resampler());
    }

    /**
     * Creates a perturber.
     *
     * @param resampler the resampler to use
     */
    public SpeedPerturbation(Resampler resampler) {
        this.resampler = resampler;
    }

    /**
     * Changes the speed by a fixed factor.
     *
     * @param clip the input
     * @param factor speed factor in [0.5, 2]; 1.1 is 10% faster (shorter)
     * @return the perturbed clip at the same sample rate
     */
    public AudioClip apply(AudioClip clip, double factor) {
        if (!(factor >= 0.5 && factor <= 2.0)) {
            throw new AudioConfigException("speed factor " + factor + " is outside [0.5, 2]");
        }
        int rate = clip.sampleRate();
        long virtualRate = Math.round(rate * factor);
        if (virtualRate == rate) {
            return clip;
        }
        AudioClip.checkSampleRate(virtualRate);
        float[] y = resampler.resample(clip.samples(), (int) virtualRate, rate);
        return AudioClip.of(y, rate);
    }

    /**
     * Changes the speed by a factor picked uniformly from a list (for example 0.9, 1.0, 1.1).
     *
     * @param clip the input
     * @param factors candidate factors, at least one
     * @param rng randomness source
     * @return the perturbed clip
     */
    public AudioClip apply(AudioClip clip, double[] factors, SplittableRandom rng) {
        if (factors.length == 0) {
            throw new AudioConfigException("speed factors are empty; at least one factor is accepted");
        }
        return apply(clip, factors[rng.nextInt(factors.length)]);
    }
}
