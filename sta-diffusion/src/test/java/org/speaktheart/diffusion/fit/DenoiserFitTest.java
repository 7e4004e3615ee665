package org.speaktheart.diffusion.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.sampling.Denoiser;
import org.speaktheart.diffusion.sampling.DenoiserInput;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/** DenoiserFit against a brute-force recomputation, oracle and uniform denoisers, and its refusals. */
class DenoiserFitTest {
    private static final int K = 6;
    private static final int N = 9;
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.vqDiffusionDefault(K, 20);

    private static List<int[]> grids(int count, long seed) {
        Random r = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] g = new int[N];
            for (int p = 0; p < N; p++) {
                g[p] = 1 + r.nextInt(K - 1); // never token 0, so a tie broken towards 0 is always wrong
            }
            out.add(g);
        }
        return out;
    }

    /** Condition i = the one-hot of grid i; the oracle reads the grid back from it unless told to use null. */
    private static float[][] oneHot(int count) {
        float[][] c = new float[count][count];
        for (int i = 0; i < count; i++) {
            c[i][i] = 1;
        }
        return c;
    }

    private static final class Oracle implements Denoiser {
        private final List<int[]> grids;

        Oracle(List<int[]> grids) {
            this.grids = grids;
        }

        @Override
        public int codebookSize() {
            return K;
        }

        @Override
        public float[] predict(DenoiserInput in) {
            float[] out = new float[in.batch() * in.length() * K];
            for (int b = 0; b < in.batch(); b++) {
                if (in.nullCondition()[b]) {
                    continue; // uniform: every logit 0
                }
                int g = 0;
                while (in.condition()[b][g] != 1) {
                    g++;
                }
                for (int p = 0; p < in.length(); p++) {
                    out[(b * in.length() + p) * K + grids.get(g)[p]] = 50;
                }
            }
            return out;
        }
    }

    @Test
    void oracleAndUniformGiveTheExactFigures() {
        List<int[]> g = grids(7, 1);
        List<DenoiserFit.Level> levels = DenoiserFit.measure(new Oracle(g), SCHEDULE, g, oneHot(7), new int[] {20, 10}, 3, 3);
        assertEquals(2, levels.size());
        DenoiserFit.Level full = levels.get(0);
        assertEquals(20, full.t());
        assertEquals(10, levels.get(1).t());
        // Oracle with the condition: certain and right; null condition: uniform over K, argmax token 0, always wrong.
        assertEquals(0, full.conditionalNll(), 1e-9);
        assertEquals(1, full.conditionalAccuracy(), 0);
        assertEquals(Math.log(K), full.unconditionalNll(), 1e-6);
        assertEquals(0, full.unconditionalAccuracy(), 0);
        assertEquals(Math.log(K), full.conditionGain(), 1e-6);
        // At t = T nearly every position is masked; at T/2 about gammaBar of them.
        assertTrue(full.maskedFraction() > 0.95, "masked at T: " + full.maskedFraction());
        double expected = SCHEDULE.gammaBar(10);
        DenoiserFit.Level half = levels.get(1);
        assertTrue(Math.abs(half.maskedFraction() - expected) < 0.25, half.maskedFraction() + " vs " + expected);
        assertEquals(Math.round(half.maskedFraction() * 7 * N), half.scored());
    }

    @Test
    void matchesABruteForceRecomputationOnTheSameNoisyGrids() {
        List<int[]> g = grids(5, 2);
        float[][] cond = oneHot(5);
        Random r = new Random(4);
        List<DenoiserInput> seen = new ArrayList<>();
        List<float[]> given = new ArrayList<>();
        Denoiser random = new Denoiser() {
            @Override
            public int codebookSize() {
                return K;
            }

            @Override
            public float[] predict(DenoiserInput in) {
                float[] out = new float[in.batch() * in.length() * K];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (3 * r.nextGaussian());
                }
                seen.add(in);
                given.add(out.clone());
                return out;
            }
        };
        DenoiserFit.Level level = DenoiserFit.measure(random, SCHEDULE, g, cond, new int[] {12}, 9, 2).get(0);
        assertEquals(3, seen.size(), "5 grids in batches of 2");
        double[] nll = new double[2];
        long[] right = new long[2];
        long scored = 0;
        int offset = 0;
        for (int call = 0; call < seen.size(); call++) {
            DenoiserInput in = seen.get(call);
            int b = in.batch() / 2;
            for (int row = 0; row < in.batch(); row++) {
                assertEquals(row >= b, in.nullCondition()[row]);
                assertEquals(12, in.timesteps()[row]);
                int[] clean = g.get(offset + row % b);
                for (int p = 0; p < N; p++) {
                    // the conditional and the null row see the same noisy grid
                    assertEquals(in.tokens()[(row % b) * N + p], in.tokens()[row * N + p]);
                    if (in.tokens()[row * N + p] != K) {
                        assertEquals(clean[p], in.tokens()[row * N + p], "the default schedule keeps or masks");
                        continue;
                    }
                    double z = 0;
                    int best = 0;
                    for (int j = 0; j < K; j++) {
                        float v = given.get(call)[(row * N + p) * K + j];
                        z += Math.exp(v);
                        if (v > given.get(call)[(row * N + p) * K + best]) {
                            best = j;
                        }
                    }
                    int which = row < b ? 0 : 1;
                    nll[which] += Math.log(z) - given.get(call)[(row * N + p) * K + clean[p]];
                    right[which] += best == clean[p] ? 1 : 0;
                    scored += which == 0 ? 1 : 0;
                }
            }
            offset += b;
        }
        assertTrue(scored > 0);
        assertEquals(scored, level.scored());
        assertEquals(nll[0] / scored, level.conditionalNll(), 1e-9);
        assertEquals(nll[1] / scored, level.unconditionalNll(), 1e-9);
        assertEquals(right[0] / (double) scored, level.conditionalAccuracy(), 1e-12);
        assertEquals(right[1] / (double) scored, level.unconditionalAccuracy(), 1e-12);
    }

    @Test
    void figuresDependOnTheSeedButNotOnTheBatchSize() {
        List<int[]> g = grids(6, 5);
        // logits that depend on the noisy tokens, so the figures depend on which positions were masked
        Denoiser contextual = new Denoiser() {
            @Override
            public int codebookSize() {
                return K;
            }

            @Override
            public float[] predict(DenoiserInput in) {
                int n = in.length();
                float[] out = new float[in.batch() * n * K];
                for (int b = 0; b < in.batch(); b++) {
                    for (int p = 0; p < n; p++) {
                        int left = in.tokens()[b * n + (p + n - 1) % n];
                        for (int j = 0; j < K; j++) {
                            out[(b * n + p) * K + j] = ((left * 7 + j * 3 + p + (in.nullCondition()[b] ? 1 : 0)) % 5) * 0.7f;
                        }
                    }
                }
                return out;
            }
        };
        List<DenoiserFit.Level> batched = DenoiserFit.measure(contextual, SCHEDULE, g, oneHot(6), new int[] {8, 14}, 1, 4);
        assertEquals(batched, DenoiserFit.measure(contextual, SCHEDULE, g, oneHot(6), new int[] {8, 14}, 1, 1));
        assertTrue(!batched.equals(DenoiserFit.measure(contextual, SCHEDULE, g, oneHot(6), new int[] {8, 14}, 2, 4)),
                "another seed masks other positions");
    }

    @Test
    void refusesWhatItCannotScore() {
        List<int[]> g = grids(2, 6);
        Oracle o = new Oracle(g);
        float[][] c = oneHot(2);
        String[] messages = {
            assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserFit.measure(o, SCHEDULE, List.of(), c, new int[] {1}, 0, 1)).getMessage(),
            assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserFit.measure(o, SCHEDULE, List.of(g.get(0), new int[3]), c, new int[] {1}, 0, 1)).getMessage(),
            assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserFit.measure(o, SCHEDULE, g, oneHot(3), new int[] {1}, 0, 1)).getMessage(),
            assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserFit.measure(o, SCHEDULE, g, c, new int[] {0}, 0, 1)).getMessage(),
            assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserFit.measure(o, SCHEDULE, g, c, new int[] {21}, 0, 1)).getMessage(),
            assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserFit.measure(o, SCHEDULE, g, c, new int[] {1}, 0, 0)).getMessage(),
            assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserFit.measure(o, NoiseSchedule.vqDiffusionDefault(K + 1, 20), g, c, new int[] {1}, 0, 1))
                    .getMessage(),
        };
        String[] expected = {"at least one grid", "every grid must have", "one condition per grid", "outside 1..20",
            "outside 1..20", "batch must be >= 1", "K = 7"};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(messages[i].contains(expected[i]), messages[i]);
        }
    }
}
