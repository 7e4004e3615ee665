package org.speaktheart.diffusion.sampling;

import java.util.SplittableRandom;
import org.speaktheart.diffusion.process.Jump;
import org.speaktheart.diffusion.process.LogMath;
import org.speaktheart.diffusion.process.Noise;

/**
 * One step of the purity-prior sampler of Improved VQ-Diffusion (Tang et al. 2022; docs/diffusion.md eq. D11) for one
 * grid, going from t to s.
 *
 * <p>Of the {@code m} free [MASK] tokens, {@code n = m - round(m * gammaBar_s / gammaBar_t)} are
 * revealed: the number the true posterior reveals in expectation, since
 * {@code q(x_s = mask | x_t = mask, x0) = gammaBar_s / gammaBar_t}; all of them at {@code s = 0}.
 * Positions are chosen without replacement with probability proportional to their purity
 * {@code max_k p(x_0 = k | x_t)} normalised by the largest purity of the grid (Gumbel-top-n), and
 * their tokens are drawn by Gumbel-max from {@code softmax((1 + r * purity) log p(x_0 | x_t))}, that is
 * {@code p^(1 + r * purity)} renormalised, as the original code does. Revealed tokens stay fixed.
 * Scratch buffers are reused; not thread-safe.
 */
public final class PurityStep {

    private final int k;
    private final float[] row;
    private double[] keys = new double[0];
    private int[] positions = new int[0];
    private double[] purity = new double[0];

    /** A step for a codebook of {@code k} tokens. */
    public PurityStep(int k) {
        this.k = k;
        this.row = new float[k];
    }

    /**
     * Reveals part of the [MASK] tokens of {@code tokens[tokOff .. tokOff+length)}.
     *
     * @param jump   the jump t -> s (only its gamma-bars are used)
     * @param weight the purity weight r >= 0
     * @param logX0  log {@code p(x_0 | x_t)}, normalised or not (logits work), {@code [N, K]} from {@code x0Off}
     * @param keep   positions never changed (inpainting), from {@code keepOff}; may be null
     * @return the number of tokens revealed
     */
    public int apply(Jump jump, double weight, float[] logX0, int x0Off, int[] tokens, int tokOff, int length,
            boolean[] keep, int keepOff, SplittableRandom rng) {
        ensureCapacity(length);
        int m = 0;
        double maxPurity = 0;
        for (int n = 0; n < length; n++) {
            if (tokens[tokOff + n] != k || (keep != null && keep[keepOff + n])) {
                continue;
            }
            int off = x0Off + n * k;
            float best = Float.NEGATIVE_INFINITY;
            for (int j = off, end = off + k; j < end; j++) {
                best = Math.max(best, logX0[j]);
            }
            double p = Math.exp(best - LogMath.logSumExp(logX0, off, k)); // the row need not be normalised
            positions[m] = n;
            purity[m] = p;
            maxPurity = Math.max(maxPurity, p);
            m++;
        }
        if (m == 0) {
            return 0;
        }
        int stillMasked = jump.from() == 0 ? 0
                : (int) Math.round(m * Math.exp(jump.logGammaBarFrom() - jump.logGammaBarTo()));
        int reveal = m - stillMasked;
        if (reveal <= 0) {
            return 0;
        }
        // Gumbel-top-n over log(score): a draw without replacement proportional to the score.
        for (int i = 0; i < m; i++) {
            purity[i] /= maxPurity;
            keys[i] = Math.log(purity[i]) + Noise.gumbel(rng);
        }
        for (int r = 0; r < reveal; r++) {
            int best = r;
            for (int i = r + 1; i < m; i++) {
                if (keys[i] > keys[best]) {
                    best = i;
                }
            }
            swap(best, r);
            int n = positions[r];
            // Eq. D11: p' proportional to p^(1 + r * purity). Scaling unnormalised logits by the same
            // factor only shifts the row by a constant, which Gumbel-max ignores.
            double sharpen = 1 + weight * purity[r];
            int off = x0Off + n * k;
            for (int j = 0; j < k; j++) {
                row[j] = (float) (sharpen * logX0[off + j]);
            }
            tokens[tokOff + n] = GumbelMax.sample(row, 0, k, rng);
        }
        return reveal;
    }

    private void swap(int a, int b) {
        double key = keys[a];
        keys[a] = keys[b];
        keys[b] = key;
        int pos = positions[a];
        positions[a] = positions[b];
        positions[b] = pos;
        double p = purity[a];
        purity[a] = purity[b];
        purity[b] = p;
    }

    private void ensureCapacity(int length) {
        if (keys.length < length) {
            keys = new double[length];
            positions = new int[length];
            purity = new double[length];
        }
    }
}
