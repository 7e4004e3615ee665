package org.speaktheart.diffusion.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.speaktheart.diffusion.sampling.GumbelMax;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/** The fused posterior draw against the reference: Gumbel-max over the row of {@code posterior}. */
class SamplePosteriorTest {

    static Stream<NoiseSchedule> schedules() {
        return DiscreteDiffusionBruteForceTest.schedules();
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void fusedDrawEqualsGumbelMaxOverThePosteriorRow(NoiseSchedule schedule) {
        DiscreteDiffusion process = new DiscreteDiffusion(schedule);
        int k = schedule.codebookSize();
        float[] row = new float[k + 1];
        double[] scratch = new double[k];
        SplittableRandom data = new SplittableRandom(21);
        int draws = 0;
        for (int t = 1; t <= schedule.steps(); t++) {
            for (int s = 0; s < t; s++) {
                Jump jump = process.jump(s, t);
                for (int xt = 0; xt <= k; xt++) {
                    for (int rep = 0; rep < 20; rep++) {
                        float[] logits = new float[k];
                        for (int j = 0; j < k; j++) {
                            logits[j] = (float) (2 * data.nextGaussian()); // unnormalised on purpose
                        }
                        long seed = data.nextLong();
                        DiscreteDiffusion.posterior(jump, logits, 0, xt, row, 0);
                        int expected = GumbelMax.sample(row, 0, k + 1, new SplittableRandom(seed));
                        int actual = DiscreteDiffusion.samplePosterior(jump, logits, 0, xt, new SplittableRandom(seed), scratch);
                        assertEquals(expected, actual, "jump " + s + "<-" + t + ", x_t=" + xt + ", rep " + rep);
                        draws++;
                    }
                }
            }
        }
        assertTrue(draws > 1000);
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void fusedDrawsFollowThePosterior(NoiseSchedule schedule) {
        DiscreteDiffusion process = new DiscreteDiffusion(schedule);
        int k = schedule.codebookSize();
        double[] p = DiscreteDiffusionBruteForceTest.randomDistribution(new SplittableRandom(4), k);
        float[] logP = DiscreteDiffusionBruteForceTest.log(p);
        float[] row = new float[k + 1];
        double[] scratch = new double[k];
        int t = schedule.steps();
        Jump jump = process.jump(t / 2, t);
        SplittableRandom rng = new SplittableRandom(8);
        int n = 20_000;
        for (int xt : new int[] {k, 1}) {
            DiscreteDiffusion.posterior(jump, logP, 0, xt, row, 0);
            int[] counts = new int[k + 1];
            for (int i = 0; i < n; i++) {
                counts[DiscreteDiffusion.samplePosterior(jump, logP, 0, xt, rng, scratch)]++;
            }
            for (int j = 0; j <= k; j++) {
                double q = Math.exp(row[j]);
                double sd = Math.sqrt(n * q * (1 - q));
                assertTrue(Math.abs(counts[j] - n * q) <= 5 * sd + 1,
                        "x_t=" + xt + ", token " + j + ": " + counts[j] + " draws, expected " + n * q);
            }
        }
    }
}
