package org.speaktheart.audio.augment;

import java.util.SplittableRandom;
import org.speaktheart.audio.AudioConfigException;

/**
 * SpecAugment-style masking of a feature matrix (Park et al. 2019): frequency masks and time
 * masks; time warping is not done.
 *
 * <p>Each frequency mask covers {@code w ~ U[0, freqMaskWidth]} channels starting at
 * {@code U[0, nMels - w]}; each time mask covers {@code w ~ U[0, min(timeMaskWidth,
 * floor(timeMaskMaxFraction * frames))]} frames starting at {@code U[0, frames - w]}. Masked values
 * are set to {@code maskValue} (0 suits mean-normalised features; use the utterance mean
 * otherwise). All randomness comes from the {@link SplittableRandom} passed in.
 *
 * @param freqMasks number of frequency masks, at least 0
 * @param freqMaskWidth widest frequency mask in channels (F), at least 0
 * @param timeMasks number of time masks, at least 0
 * @param timeMaskWidth widest time mask in frames (T), at least 0
 * @param timeMaskMaxFraction upper bound of a time mask as a fraction of the frames (p), in (0, 1]
 * @param maskValue value written into masked cells
 */
public record SpecAugment(int freqMasks, int freqMaskWidth, int timeMasks, int timeMaskWidth,
                          double timeMaskMaxFraction, float maskValue) {
    /** Validates every field; the message names the first bad one. */
    public SpecAugment {
        if (freqMasks < 0 || freqMaskWidth < 0 || timeMasks < 0 || timeMaskWidth < 0) {
            throw new AudioConfigException("SpecAugment counts and widths must be >= 0; got freqMasks " + freqMasks
                    + ", freqMaskWidth " + freqMaskWidth + ", timeMasks " + timeMasks + ", timeMaskWidth " + timeMaskWidth);
        }
        if (!(timeMaskMaxFraction > 0 && timeMaskMaxFraction <= 1)) {
            throw new AudioConfigException("SpecAugment.timeMaskMaxFraction is " + timeMaskMaxFraction + "; accepted: (0, 1]");
        }
        if (!Float.isFinite(maskValue)) {
            throw new AudioConfigException("SpecAugment.maskValue is " + maskValue + "; a finite value is accepted");
        }
    }

    /** @return the LibriSpeech-basic policy (LB) of the paper: 1 frequency mask F=27, 1 time mask T=100, p=1.0 */
    public static SpecAugment libriSpeechBasic() {
        return new SpecAugment(1, 27, 1, 100, 1.0, 0f);
    }

    /**
     * Returns a masked copy of a feature matrix.
     *
     * @param features {@code [frames][nMels]}; not modified
     * @param rng randomness source
     * @return the masked copy
     */
    public float[][] apply(float[][] features, SplittableRandom rng) {
        float[][] out = new float[features.length][];
        for (int t = 0; t < features.length; t++) {
            out[t] = features[t].clone();
        }
        if (out.length == 0) {
            return out;
        }
        int frames = out.length;
        int nMels = out[0].length;
        for (int i = 0; i < freqMasks; i++) {
            int w = rng.nextInt(Math.min(freqMaskWidth, nMels) + 1);
            int f0 = rng.nextInt(nMels - w + 1);
            for (float[] row : out) {
                java.util.Arrays.fill(row, f0, f0 + w, maskValue);
            }
        }
        int maxT = Math.min(timeMaskWidth, (int) Math.floor(timeMaskMaxFraction * frames));
        for (int i = 0; i < timeMasks; i++) {
            int w = rng.nextInt(maxT + 1);
            int t0 = rng.nextInt(frames - w + 1);
            for (int t = t0; t < t0 + w; t++) {
                java.util.Arrays.fill(out[t], maskValue);
            }
        }
        return out;
    }
}
