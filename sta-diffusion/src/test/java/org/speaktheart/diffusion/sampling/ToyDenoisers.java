package org.speaktheart.diffusion.sampling;

import java.util.ArrayList;
import java.util.List;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/** Analytic denoisers for sampler tests. */
final class ToyDenoisers {

    private ToyDenoisers() {
    }

    static float[] logOf(double[] p) {
        float[] x = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            x[i] = (float) Math.log(p[i]);
        }
        return x;
    }

    /** Predicts one fixed distribution for conditional rows and another for null rows, everywhere. */
    static final class Fixed implements Denoiser {
        final float[] cond;
        final float[] uncond;
        final List<DenoiserInput> calls = new ArrayList<>();

        Fixed(double[] cond, double[] uncond) {
            this.cond = logOf(cond);
            this.uncond = logOf(uncond);
        }

        @Override
        public int codebookSize() {
            return cond.length;
        }

        @Override
        public float[] predict(DenoiserInput input) {
            calls.add(input);
            int k = cond.length;
            float[] out = new float[input.batch() * input.length() * k];
            for (int b = 0; b < input.batch(); b++) {
                float[] src = input.nullCondition()[b] ? uncond : cond;
                for (int n = 0; n < input.length(); n++) {
                    // Logits off by a constant: the sampler must normalise them itself.
                    for (int j = 0; j < k; j++) {
                        out[(b * input.length() + n) * k + j] = src[j] + 3.5f;
                    }
                }
            }
            return out;
        }
    }

    /** Predicts token {@code target[n]} with probability 1 - eps at position n (a per-position "image"). */
    static final class Target implements Denoiser {
        final int k;
        final int[] target;
        final double[] peak;

        Target(int k, int[] target, double[] peak) {
            this.k = k;
            this.target = target;
            this.peak = peak;
        }

        @Override
        public int codebookSize() {
            return k;
        }

        @Override
        public float[] predict(DenoiserInput input) {
            float[] out = new float[input.batch() * input.length() * k];
            for (int b = 0; b < input.batch(); b++) {
                for (int n = 0; n < input.length(); n++) {
                    double rest = (1 - peak[n]) / (k - 1);
                    for (int j = 0; j < k; j++) {
                        out[(b * input.length() + n) * k + j] = (float) Math.log(j == target[n] ? peak[n] : rest);
                    }
                }
            }
            return out;
        }
    }

    /**
     * The exact denoiser for data whose tokens are independent with distribution pi:
     * p(x0 = j | x_t = k) proportional to q(x_t = k | x0 = j) pi_j.
     */
    static final class Bayes implements Denoiser {
        final NoiseSchedule schedule;
        final double[] pi;

        Bayes(NoiseSchedule schedule, double[] pi) {
            this.schedule = schedule;
            this.pi = pi;
        }

        @Override
        public int codebookSize() {
            return pi.length;
        }

        @Override
        public float[] predict(DenoiserInput input) {
            int k = pi.length;
            float[] out = new float[input.batch() * input.length() * k];
            for (int b = 0; b < input.batch(); b++) {
                int t = input.timesteps()[b];
                for (int n = 0; n < input.length(); n++) {
                    int xt = input.tokens()[b * input.length() + n];
                    for (int j = 0; j < k; j++) {
                        double lik = xt == k ? schedule.gammaBar(t)
                                : (xt == j ? schedule.alphaBar(t) + schedule.betaBar(t) : schedule.betaBar(t));
                        out[(b * input.length() + n) * k + j] = (float) Math.log(lik * pi[j]);
                    }
                }
            }
            return out;
        }
    }
}
