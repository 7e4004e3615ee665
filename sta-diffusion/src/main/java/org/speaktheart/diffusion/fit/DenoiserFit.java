package org.speaktheart.diffusion.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.process.DiscreteDiffusion;
import org.speaktheart.diffusion.sampling.Denoiser;
import org.speaktheart.diffusion.sampling.DenoiserInput;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/**
 * Measures how well a denoiser predicts the clean tokens of known grids (for example the training
 * pictures' grids) from forward-noised copies, one figure per timestep. Each grid is noised once per
 * timestep by {@code q(x_t | x_0)}; the same {@code x_t} is scored with the grid's condition and with the
 * null condition, so the difference between the two is what the condition adds.
 *
 * <p>Only positions that are [MASK] in {@code x_t} are scored: there the network must infer the token. A
 * model that has learnt the grids reaches a low NLL at small t (most neighbours visible); the condition's
 * gain at t = T (everything masked) says how much the condition alone tells about the picture.
 */
public final class DenoiserFit {

    /**
     * The figures of one timestep.
     *
     * @param t the timestep (1..T)
     * @param maskedFraction scored (masked) positions over all positions of all grids
     * @param scored number of scored positions
     * @param conditionalNll mean of {@code -log p(x_0 | x_t, condition)} over scored positions, in nats
     * @param conditionalAccuracy fraction of scored positions whose most likely token is the clean one
     * @param unconditionalNll the same NLL with the null condition
     * @param unconditionalAccuracy the same accuracy with the null condition
     */
    public record Level(int t, double maskedFraction, long scored, double conditionalNll, double conditionalAccuracy,
                        double unconditionalNll, double unconditionalAccuracy) {

        /** Nats per masked token the condition saves: unconditional minus conditional NLL. */
        public double conditionGain() {
            return unconditionalNll - conditionalNll;
        }
    }

    private DenoiserFit() {
    }

    /**
     * Scores the grids at each timestep.
     *
     * @param denoiser the network (its output is log-softmaxed here, so logits or log-probabilities)
     * @param schedule the schedule it was trained with (codebook size K and T)
     * @param grids clean grids, all of one length N, tokens in 0..K-1
     * @param conditions one condition vector per grid
     * @param timesteps timesteps to measure, each in 1..T
     * @param seed seed of the forward noise (each timestep draws its own stream from it)
     * @param batch grids per network call (each call carries 2 x batch rows: conditional and null)
     * @return one level per timestep, in the given order
     * @throws DiffusionArgumentException on empty or ragged grids, a token outside 0..K-1, a count of
     *     conditions other than the grids', a timestep outside 1..T or a batch below 1
     */
    public static List<Level> measure(Denoiser denoiser, NoiseSchedule schedule, List<int[]> grids, float[][] conditions,
                                      int[] timesteps, long seed, int batch) {
        DiscreteDiffusion diffusion = new DiscreteDiffusion(schedule);
        int k = schedule.codebookSize();
        if (denoiser.codebookSize() != k) {
            throw new DiffusionArgumentException("the denoiser scores " + denoiser.codebookSize()
                    + " tokens but the schedule has K = " + k);
        }
        if (grids == null || grids.isEmpty()) {
            throw new DiffusionArgumentException("at least one grid is needed");
        }
        int n = grids.get(0).length;
        for (int i = 0; i < grids.size(); i++) {
            if (grids.get(i).length != n || n == 0) {
                throw new DiffusionArgumentException("grid " + i + " has " + grids.get(i).length
                        + " tokens; every grid must have the first grid's " + n + " (> 0)");
            }
        }
        if (conditions == null || conditions.length != grids.size()) {
            throw new DiffusionArgumentException("one condition per grid is needed: " + grids.size() + " grids, "
                    + (conditions == null ? "no" : conditions.length) + " conditions");
        }
        if (timesteps == null || timesteps.length == 0) {
            throw new DiffusionArgumentException("at least one timestep is needed, in 1.." + schedule.steps());
        }
        for (int t : timesteps) {
            if (t < 1 || t > schedule.steps()) {
                throw new DiffusionArgumentException("timestep " + t + " is outside 1.." + schedule.steps());
            }
        }
        if (batch < 1) {
            throw new DiffusionArgumentException("batch must be >= 1, got " + batch);
        }
        List<Level> out = new ArrayList<>();
        for (int t : timesteps) {
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + t);
            double[] nll = new double[2];
            long[] correct = new long[2];
            long scored = 0;
            for (int from = 0; from < grids.size(); from += batch) {
                int b = Math.min(batch, grids.size() - from);
                int[] tokens = new int[2 * b * n];
                float[][] cond = new float[2 * b][];
                boolean[] useNull = new boolean[2 * b];
                int[] steps = new int[2 * b];
                int[] noisy = new int[n];
                for (int i = 0; i < b; i++) {
                    diffusion.sampleForward(grids.get(from + i), t, rng, noisy);
                    System.arraycopy(noisy, 0, tokens, i * n, n);
                    System.arraycopy(noisy, 0, tokens, (b + i) * n, n);
                    cond[i] = conditions[from + i];
                    cond[b + i] = conditions[from + i];
                    useNull[b + i] = true;
                }
                Arrays.fill(steps, t);
                float[] logits = denoiser.predict(new DenoiserInput(2 * b, n, tokens, steps, cond, useNull));
                for (int row = 0; row < 2 * b; row++) {
                    int[] clean = grids.get(from + row % b);
                    int which = row < b ? 0 : 1;
                    for (int p = 0; p < n; p++) {
                        if (tokens[row * n + p] != k) {
                            continue;
                        }
                        int off = (row * n + p) * k;
                        int best = 0;
                        float max = Float.NEGATIVE_INFINITY;
                        for (int j = 0; j < k; j++) {
                            if (logits[off + j] > max) {
                                max = logits[off + j];
                                best = j;
                            }
                        }
                        double sum = 0;
                        for (int j = 0; j < k; j++) {
                            sum += Math.exp(logits[off + j] - max);
                        }
                        nll[which] += max + Math.log(sum) - logits[off + clean[p]];
                        if (best == clean[p]) {
                            correct[which]++;
                        }
                        if (which == 0) {
                            scored++;
                        }
                    }
                }
            }
            double s = Math.max(1, scored);
            out.add(new Level(t, scored / ((double) grids.size() * n), scored, nll[0] / s, correct[0] / s, nll[1] / s,
                    correct[1] / s));
        }
        return out;
    }
}
