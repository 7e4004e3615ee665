package org.speaktheart.diffusion.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/** Closed-form marginals and posteriors against explicit (K+1)x(K+1) matrices, within 1e-5. */
class DiscreteDiffusionBruteForceTest {

    private static final Tolerance TOL = Tolerance.absolute(1e-5);

    static Stream<NoiseSchedule> schedules() {
        return Stream.of(
                NoiseSchedule.vqDiffusionDefault(3, 6),
                NoiseSchedule.maskAndReplace(4, 7),
                // Heavy replacement so that the replace branch carries real mass.
                NoiseSchedule.linear("heavy-replace", 5, 5, 0.8, 0.05, 0.05, 0.5));
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void marginalsEqualMatrixProducts(NoiseSchedule schedule) {
        DiscreteDiffusion process = new DiscreteDiffusion(schedule);
        ExplicitMatrices m = new ExplicitMatrices(schedule);
        int k = schedule.codebookSize();
        float[] out = new float[k + 1];
        SplittableRandom rng = new SplittableRandom(7);
        for (int t = 1; t <= schedule.steps(); t++) {
            double[][] q0t = m.product(0, t);
            for (int x0 = 0; x0 < k; x0++) {
                process.marginalOfToken(t, x0, out, 0);
                TOL.assertClose(column(q0t, x0), exp(out), "q(x_" + t + " | x0=" + x0 + ")");
                DiscreteDiffusion.transition(process.jump(0, t), logOneHot(x0, k + 1), 0, out, 0);
                TOL.assertClose(column(q0t, x0), exp(out), "transition 0->" + t + " of one-hot " + x0);
            }
            for (int s = 0; s < t; s++) {
                double[] x = randomDistribution(rng, k + 1);
                double[] expected = ExplicitMatrices.apply(m.product(s, t), x);
                DiscreteDiffusion.transition(process.jump(s, t), log(x), 0, out, 0);
                TOL.assertClose(expected, exp(out), "Q_{" + s + "->" + t + "} x");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void posteriorsEqualBayesRuleForEveryJump(NoiseSchedule schedule) {
        DiscreteDiffusion process = new DiscreteDiffusion(schedule);
        ExplicitMatrices m = new ExplicitMatrices(schedule);
        int k = schedule.codebookSize();
        float[] out = new float[k + 1];
        for (int t = 1; t <= schedule.steps(); t++) {
            for (int s = 0; s < t; s++) {
                Jump jump = process.jump(s, t);
                for (int x0 = 0; x0 < k; x0++) {
                    for (int xt = 0; xt <= k; xt++) {
                        double[] expected = m.bayesPosterior(s, t, x0, xt);
                        String what = "q(x_" + s + " | x_" + t + "=" + xt + ", x0=" + x0 + ")";
                        DiscreteDiffusion.posteriorGivenToken(jump, x0, xt, out, 0);
                        TOL.assertClose(expected, exp(out), what + " [Bayes form]");
                        TOL.assertClose(1.0, sum(exp(out)), what + " sums to 1");
                        // The x0-parameterised form fed with a one-hot prediction must agree.
                        DiscreteDiffusion.posterior(jump, logOneHot(x0, k), 0, xt, out, 0);
                        TOL.assertClose(expected, exp(out), what + " [x0-parameterised form]");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void modelPosteriorEqualsExplicitMixture(NoiseSchedule schedule) {
        DiscreteDiffusion process = new DiscreteDiffusion(schedule);
        ExplicitMatrices m = new ExplicitMatrices(schedule);
        int k = schedule.codebookSize();
        float[] out = new float[k + 1];
        SplittableRandom rng = new SplittableRandom(11);
        for (int t = 1; t <= schedule.steps(); t++) {
            for (int s = 0; s < t; s++) {
                for (int xt = 0; xt <= k; xt++) {
                    double[] p = randomDistribution(rng, k);
                    double[] expected = m.modelPosterior(s, t, p, xt);
                    DiscreteDiffusion.posterior(process.jump(s, t), log(p), 0, xt, out, 0);
                    String what = "p(x_" + s + " | x_" + t + "=" + xt + ")";
                    TOL.assertClose(expected, exp(out), what);
                    TOL.assertClose(1.0, sum(exp(out)), what + " sums to 1");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void posteriorIsLinearInUnnormalisedPrediction(NoiseSchedule schedule) {
        DiscreteDiffusion process = new DiscreteDiffusion(schedule);
        int k = schedule.codebookSize();
        double[] p = randomDistribution(new SplittableRandom(3), k);
        float[] logP = log(p);
        float[] scaled = logP.clone();
        for (int j = 0; j < k; j++) {
            scaled[j] += (float) Math.log(0.25);
        }
        float[] a = new float[k + 1];
        float[] b = new float[k + 1];
        int t = schedule.steps();
        for (int xt = 0; xt <= k; xt++) {
            DiscreteDiffusion.posterior(process.jump(t - 2, t), logP, 0, xt, a, 0);
            DiscreteDiffusion.posterior(process.jump(t - 2, t), scaled, 0, xt, b, 0);
            double[] quarter = exp(a);
            for (int j = 0; j <= k; j++) {
                quarter[j] *= 0.25;
            }
            TOL.assertClose(quarter, exp(b), "posterior of p/4 is a quarter of the posterior of p");
        }
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void forwardSamplesFollowTheMarginal(NoiseSchedule schedule) {
        DiscreteDiffusion process = new DiscreteDiffusion(schedule);
        int k = schedule.codebookSize();
        int n = 40_000;
        int[] x0 = new int[n];
        java.util.Arrays.fill(x0, 1);
        int[] xt = new int[n];
        int t = schedule.steps() / 2;
        process.sampleForward(x0, t, new SplittableRandom(5), xt);
        double[] counts = new double[k + 1];
        for (int v : xt) {
            counts[v]++;
        }
        float[] q = new float[k + 1];
        process.marginalOfToken(t, 1, q, 0);
        for (int j = 0; j <= k; j++) {
            double p = Math.exp(q[j]);
            double sd = Math.sqrt(n * p * (1 - p));
            assertTrue(Math.abs(counts[j] - n * p) <= 5 * sd + 1,
                    "token " + j + ": count " + counts[j] + " vs expected " + n * p);
        }
    }

    static double[] column(double[][] m, int j) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][j];
        }
        return c;
    }

    static float[] logOneHot(int index, int len) {
        float[] x = new float[len];
        java.util.Arrays.fill(x, Float.NEGATIVE_INFINITY);
        x[index] = 0;
        return x;
    }

    static double[] randomDistribution(SplittableRandom rng, int len) {
        double[] p = new double[len];
        double sum = 0;
        for (int i = 0; i < len; i++) {
            p[i] = 0.05 + rng.nextDouble();
            sum += p[i];
        }
        for (int i = 0; i < len; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static float[] log(double[] p) {
        float[] x = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            x[i] = (float) Math.log(p[i]);
        }
        return x;
    }

    static double[] exp(float[] x) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i]);
        }
        return p;
    }

    static double sum(double[] p) {
        double s = 0;
        for (double v : p) {
            s += v;
        }
        assertEquals(false, Double.isNaN(s), "sum is NaN");
        return s;
    }
}
