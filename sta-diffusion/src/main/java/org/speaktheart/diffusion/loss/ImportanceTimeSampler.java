package org.speaktheart.diffusion.loss;

import java.util.SplittableRandom;
import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * Importance sampling of the training timestep (docs/diffusion.md eq. D8; after Nichol and Dhariwal's
 * improved DDPM, as the original VQ-Diffusion code's {@code sample_time}): t is drawn with probability proportional to
 * the root mean square of its recent variational terms, {@code sqrt(E[L_t^2])}, and uniformly until
 * every t has more than {@code warmup} recorded losses.
 *
 * <p>As the original: the mean square is an exponential moving average {@code h <- 0.1 L^2 + 0.9 h}
 * starting from 0; the weight of t is {@code sqrt(h_t + 1e-10) + 1e-4}; the decoder term (t = 1) gets
 * the weight of t = 2. Mutable and not thread-safe: one instance per training run, saved with the
 * checkpoint through {@link #history()}, {@link #counts()} and {@link #restore}.
 */
public final class ImportanceTimeSampler {

    /** The original code's warm-up: every t needs more than 10 recorded losses. */
    public static final int DEFAULT_WARMUP = 10;

    private final int steps;
    private final int warmup;
    private final double[] history; // [t - 1]
    private final long[] counts;     // [t - 1]

    /** A fresh sampler over {@code t in 1..steps}. */
    public ImportanceTimeSampler(int steps, int warmup) {
        if (steps < 1) {
            throw new DiffusionArgumentException("steps must be >= 1, got " + steps);
        }
        if (warmup < 0) {
            throw new DiffusionArgumentException("warmup must be >= 0, got " + warmup);
        }
        this.steps = steps;
        this.warmup = warmup;
        this.history = new double[steps];
        this.counts = new long[steps];
    }

    /** Rebuilds a sampler from saved state (arrays indexed by {@code t - 1}). */
    public static ImportanceTimeSampler restore(int warmup, double[] history, long[] counts) {
        if (history == null || counts == null || history.length != counts.length) {
            throw new DiffusionArgumentException("history and counts must be non-null arrays of length T");
        }
        ImportanceTimeSampler s = new ImportanceTimeSampler(history.length, warmup);
        for (int i = 0; i < history.length; i++) {
            if (!(history[i] >= 0) || Double.isInfinite(history[i]) || counts[i] < 0) {
                throw new DiffusionArgumentException("history[" + i + "] must be finite >= 0 and counts[" + i
                        + "] >= 0, got " + history[i] + " and " + counts[i]);
            }
            s.history[i] = history[i];
            s.counts[i] = counts[i];
        }
        return s;
    }

    /** Records the variational term {@link LossTerms#variationalTerm()} of a grid drawn at t. */
    public void record(int t, double loss) {
        if (t < 1 || t > steps) {
            throw new DiffusionArgumentException("t must be in [1, " + steps + "], got " + t);
        }
        if (!Double.isFinite(loss)) {
            throw new DiffusionArgumentException("loss must be finite, got " + loss + " at t = " + t);
        }
        history[t - 1] = 0.1 * loss * loss + 0.9 * history[t - 1];
        counts[t - 1]++;
    }

    /** Whether every t has more than {@code warmup} recorded losses (importance sampling is on). */
    public boolean warmedUp() {
        for (long c : counts) {
            if (c <= warmup) {
                return false;
            }
        }
        return true;
    }

    /** The current probabilities of {@code t = 1..T} (index {@code t - 1}). */
    public double[] probabilities() {
        double[] p = new double[steps];
        if (!warmedUp()) {
            java.util.Arrays.fill(p, 1.0 / steps);
            return p;
        }
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            p[i] = Math.sqrt(history[i] + 1e-10) + 1e-4;
        }
        if (steps >= 2) {
            p[0] = p[1];
        }
        for (double v : p) {
            sum += v;
        }
        for (int i = 0; i < steps; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Draws {@code batch} timesteps with their probabilities {@code pt}. */
    public TimeDraw sample(int batch, SplittableRandom rng) {
        if (batch < 1) {
            throw new DiffusionArgumentException("batch must be >= 1, got " + batch);
        }
        double[] p = probabilities();
        double[] cumulative = new double[steps];
        double acc = 0;
        for (int i = 0; i < steps; i++) {
            acc += p[i];
            cumulative[i] = acc;
        }
        int[] t = new int[batch];
        double[] pt = new double[batch];
        for (int b = 0; b < batch; b++) {
            double u = rng.nextDouble() * acc;
            int i = 0;
            while (i < steps - 1 && cumulative[i] <= u) {
                i++;
            }
            t[b] = i + 1;
            pt[b] = p[i];
        }
        return new TimeDraw(t, pt);
    }

    /** A copy of the mean-square history, index {@code t - 1}. */
    public double[] history() {
        return history.clone();
    }

    /** A copy of the record counts, index {@code t - 1}. */
    public long[] counts() {
        return counts.clone();
    }

    /**
     * Timesteps drawn for a batch.
     *
     * @param t  1-based timesteps {@code [B]}
     * @param pt their probabilities {@code [B]}
     */
    public record TimeDraw(int[] t, double[] pt) {
    }
}
