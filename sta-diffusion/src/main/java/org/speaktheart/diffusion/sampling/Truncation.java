package org.speaktheart.diffusion.sampling;

/**
 * Truncation sampling (the original VQ-Diffusion code's {@code truncation_rate}; docs/diffusion.md eq.
 * D10): keep the most likely tokens of {@code p(x_0 | x_t)} until their cumulative probability reaches
 * {@code r}, including the token that crosses r, set the rest to probability 0 and renormalise. Tokens
 * tied with the last kept probability are kept too.
 *
 * <p>The threshold is found by a mass-weighted quickselect (expected linear time) instead of a full
 * sort, and one exponential per token is spent. Owns scratch rows; not thread-safe.
 */
public final class Truncation {

    /** Below this many candidates the search finishes with an insertion sort. */
    private static final int SMALL = 16;

    private final double[] p;
    private final double[] q;

    /** A truncator for rows of up to {@code k} entries. */
    public Truncation(int k) {
        this.p = new double[k];
        this.q = new double[k];
    }

    /**
     * Truncates one row in place: on return it holds normalised log-probabilities of the kept tokens and
     * -inf elsewhere.
     *
     * @param logp log-probabilities (normalised or not: logits work) of {@code len <= k} tokens from
     *             {@code off}
     * @param rate r in (0, 1]; {@code r >= 1} leaves the row unchanged
     */
    public void apply(float[] logp, int off, int len, double rate) {
        if (rate >= 1) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int j = off, end = off + len; j < end; j++) {
            max = Math.max(max, logp[j]);
        }
        double sum = 0;
        for (int j = 0; j < len; j++) {
            double v = Math.exp(logp[off + j] - max);
            q[j] = v;
            sum += v;
        }
        for (int j = 0; j < len; j++) {
            q[j] /= sum;
            p[j] = q[j];
        }
        double threshold = threshold(len, rate);
        double kept = 0;
        for (int j = 0; j < len; j++) {
            if (q[j] >= threshold) {
                kept += q[j];
            }
        }
        // Kept tokens: log(q_j / kept) = logp_j - max - log(sum) - log(kept); q holds the unpermuted values.
        double shift = max + Math.log(sum) + Math.log(kept);
        for (int j = 0; j < len; j++) {
            logp[off + j] = q[j] >= threshold ? (float) (logp[off + j] - shift) : Float.NEGATIVE_INFINITY;
        }
    }

    /** The smallest kept probability (0 when the whole row is needed), searched in {@code p}, which it permutes. */
    private double threshold(int len, double rate) {
        int lo = 0;
        int hi = len;
        double need = rate;
        while (hi - lo > SMALL) {
            double pivot = medianOfThree(p[lo], p[(lo + hi) >>> 1], p[hi - 1]);
            // Three-way partition of [lo, hi): > pivot in [lo, gt), == pivot in [gt, i), < pivot in [lt, hi).
            int gt = lo;
            int i = lo;
            int lt = hi;
            double massHigh = 0;
            double massEqual = 0;
            while (i < lt) {
                double v = p[i];
                if (v > pivot) {
                    massHigh += v;
                    swap(i++, gt++);
                } else if (v < pivot) {
                    swap(i, --lt);
                } else {
                    massEqual += v;
                    i++;
                }
            }
            if (massHigh >= need) {
                hi = gt;
            } else if (massHigh + massEqual >= need) {
                return pivot;
            } else {
                need -= massHigh + massEqual;
                lo = lt;
            }
        }
        // Few candidates left: sort them descending and walk.
        for (int i = lo + 1; i < hi; i++) {
            double v = p[i];
            int j = i - 1;
            while (j >= lo && p[j] < v) {
                p[j + 1] = p[j];
                j--;
            }
            p[j + 1] = v;
        }
        double cumulative = 0;
        for (int i = lo; i < hi; i++) {
            cumulative += p[i];
            if (cumulative >= need) {
                return p[i];
            }
        }
        return 0;
    }

    private void swap(int a, int b) {
        double t = p[a];
        p[a] = p[b];
        p[b] = t;
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
