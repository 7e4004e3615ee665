package org.speaktheart.diffusion.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

class DiffusionSamplerTest {

    private static final int K = 4;
    private static final double[] PI = {0.4, 0.3, 0.2, 0.1};
    private static final double[] FLAT = {0.25, 0.25, 0.25, 0.25};
    /** Chi-square critical value, 3 degrees of freedom, p = 0.001. */
    private static final double CHI2_3DF = 16.27;

    private static float[][] condition(int batch) {
        float[][] c = new float[batch][2];
        for (float[] row : c) {
            Arrays.fill(row, 1f);
        }
        return c;
    }

    private static int[] sample(NoiseSchedule schedule, SamplerConfig config, Denoiser d, int batch, int length,
            long seed) {
        SampleRequest req = SampleRequest.builder(batch, length).condition(condition(batch)).seed(seed).build();
        return new DiffusionSampler(schedule, config).sample(d, req);
    }

    static double chiSquare(int[] tokens, double[] expected) {
        double[] counts = new double[expected.length];
        for (int token : tokens) {
            counts[token]++;
        }
        double chi = 0;
        for (int j = 0; j < expected.length; j++) {
            double e = expected[j] * tokens.length;
            chi += (counts[j] - e) * (counts[j] - e) / e;
        }
        return chi;
    }

    static void assertAllFilled(int[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            assertTrue(tokens[i] >= 0 && tokens[i] < K, "token " + i + " is " + tokens[i] + " (mask or out of range)");
        }
    }

    @Test
    void sameSeedGivesIdenticalTokensAndItemsDoNotDependOnTheirBatch() {
        NoiseSchedule schedule = NoiseSchedule.maskAndReplace(K, 10);
        SamplerConfig config = SamplerConfig.builder().steps(10).build();
        ToyDenoisers.Fixed d = new ToyDenoisers.Fixed(PI, FLAT);
        int[] a = sample(schedule, config, d, 3, 64, 42);
        int[] b = sample(schedule, config, d, 3, 64, 42);
        int[] c = sample(schedule, config, d, 3, 64, 43);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c), "another seed must give other tokens");
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0, 64), Arrays.copyOfRange(a, 64, 128)),
                "items of one batch must differ");
        int[] alone = sample(schedule, config, d, 1, 64, 42);
        assertArrayEquals(alone, Arrays.copyOfRange(a, 0, 64));
    }

    @Test
    void ancestralSamplesFollowTheDenoiserDistributionAndFillEveryMask() {
        for (NoiseSchedule schedule : List.of(NoiseSchedule.vqDiffusionDefault(K, 20), NoiseSchedule.maskAndReplace(K, 20))) {
            for (int steps : new int[] {20, 4, 1}) {
                int[] tokens = sample(schedule, SamplerConfig.builder().steps(steps).build(),
                        new ToyDenoisers.Fixed(PI, FLAT), 4, 256, 7);
                assertAllFilled(tokens);
                double chi = chiSquare(tokens, PI);
                assertTrue(chi < CHI2_3DF, schedule.name() + " steps " + steps + ": chi-square " + chi);
            }
        }
    }

    @Test
    void maskedFractionFollowsGammaBarAtEveryStep() {
        NoiseSchedule schedule = NoiseSchedule.vqDiffusionDefault(K, 20);
        int batch = 8;
        int length = 256;
        for (int steps : new int[] {20, 5}) {
            List<SamplingProgress> seen = new ArrayList<>();
            SampleRequest req = SampleRequest.builder(batch, length).condition(condition(batch)).seed(3).build();
            new DiffusionSampler(schedule, SamplerConfig.builder().steps(steps).build())
                    .sample(new ToyDenoisers.Bayes(schedule, PI), req, seen::add);
            assertEquals(steps, seen.size());
            int total = batch * length;
            for (SamplingProgress p : seen) {
                // Starting from all [MASK] at T, P(mask at s) = gammaBar_s / gammaBar_T.
                double expected = schedule.gammaBar(p.toT()) / schedule.gammaBar(schedule.steps());
                double sd = Math.sqrt(total * expected * (1 - expected));
                assertTrue(Math.abs(p.maskedTokens() - total * expected) <= 5 * sd + 1,
                        "step " + p.step() + " (t=" + p.fromT() + "->" + p.toT() + "): " + p.maskedTokens()
                                + " masked, expected " + total * expected);
            }
            assertEquals(0, seen.get(seen.size() - 1).maskedTokens());
        }
    }

    @Test
    void guidanceScaleZeroIsUnconditionalOneIsConditionalAndLargerSharpens() {
        NoiseSchedule schedule = NoiseSchedule.vqDiffusionDefault(K, 10);
        double[] uncond = {0.1, 0.2, 0.3, 0.4};
        for (double w : new double[] {0, 1, 3}) {
            ToyDenoisers.Fixed d = new ToyDenoisers.Fixed(PI, uncond);
            int[] tokens = sample(schedule, SamplerConfig.builder().steps(5).guidanceScale(w).build(), d, 4, 256, 9);
            double[] expected = new double[K];
            double sum = 0;
            for (int j = 0; j < K; j++) {
                expected[j] = Math.pow(uncond[j], 1 - w) * Math.pow(PI[j], w);
                sum += expected[j];
            }
            for (int j = 0; j < K; j++) {
                expected[j] /= sum;
            }
            double chi = chiSquare(tokens, expected);
            assertTrue(chi < CHI2_3DF, "w=" + w + ": chi-square " + chi + " against " + Arrays.toString(expected));
            for (DenoiserInput call : d.calls) {
                int nulls = 0;
                for (boolean n : call.nullCondition()) {
                    nulls += n ? 1 : 0;
                }
                if (w == 0) {
                    assertEquals(4, call.batch());
                    assertEquals(4, nulls, "w=0 uses only the null condition");
                } else if (w == 1) {
                    assertEquals(4, call.batch());
                    assertEquals(0, nulls, "w=1 uses only the condition");
                } else {
                    assertEquals(8, call.batch(), "w=3 batches conditional and null rows together");
                    assertEquals(4, nulls);
                }
            }
            assertEquals(5, d.calls.size());
        }
    }

    @Test
    void truncationDropsTheUnlikelyTail() {
        double[] p = {0.5, 0.3, 0.15, 0.05};
        int[] tokens = sample(NoiseSchedule.vqDiffusionDefault(K, 10),
                SamplerConfig.builder().steps(10).truncationRate(0.7).build(), new ToyDenoisers.Fixed(p, FLAT), 4, 256, 5);
        assertAllFilled(tokens);
        int[] counts = new int[K];
        for (int token : tokens) {
            counts[token]++;
        }
        assertEquals(0, counts[2] + counts[3], "tokens beyond cumulative 0.7 must never appear: " + Arrays.toString(counts));
        double share = counts[0] / (double) tokens.length;
        double sd = Math.sqrt(0.625 * 0.375 / tokens.length);
        assertTrue(Math.abs(share - 0.625) < 5 * sd, "share of token 0 after renormalising: " + share);
    }

    @Test
    void inpaintingKeepsGivenTokensAndRegeneratesTheRest() {
        int length = 64;
        int batch = 2;
        int[] target = new int[length];
        double[] peak = new double[length];
        for (int n = 0; n < length; n++) {
            target[n] = n % K;
            peak[n] = 0.999999;
        }
        int[] fixed = new int[batch * length];
        boolean[] keep = new boolean[batch * length];
        for (int i = 0; i < fixed.length; i++) {
            keep[i] = (i % length) < length / 2; // top half of each grid is given
            fixed[i] = keep[i] ? (i * 7 + 1) % K : -1;
        }
        for (SamplingStrategy strategy : SamplingStrategy.values()) {
            SampleRequest req = SampleRequest.builder(batch, length).seed(1).inpaint(fixed, keep).build();
            int[] tokens = new DiffusionSampler(NoiseSchedule.maskAndReplace(K, 10),
                    SamplerConfig.builder().steps(10).strategy(strategy).build())
                    .sample(new ToyDenoisers.Target(K, target, peak), req);
            for (int i = 0; i < tokens.length; i++) {
                int expected = keep[i] ? fixed[i] : target[i % length];
                assertEquals(expected, tokens[i], strategy + ": position " + i + (keep[i] ? " (given)" : " (regenerated)"));
            }
        }
    }

    @Test
    void puritySamplerRevealsTheExpectedCountsAndFollowsTheDistribution() {
        NoiseSchedule schedule = NoiseSchedule.vqDiffusionDefault(K, 20);
        int batch = 4;
        int length = 256;
        List<SamplingProgress> seen = new ArrayList<>();
        SampleRequest req = SampleRequest.builder(batch, length).condition(condition(batch)).seed(2).build();
        SamplerConfig config = SamplerConfig.builder().steps(10).strategy(SamplingStrategy.PURITY).build();
        int[] tokens = new DiffusionSampler(schedule, config).sample(new ToyDenoisers.Fixed(PI, FLAT), req, seen::add);
        assertAllFilled(tokens);
        assertTrue(chiSquare(tokens, PI) < CHI2_3DF, "chi-square " + chiSquare(tokens, PI));
        int masked = length; // per grid
        for (SamplingProgress p : seen) {
            if (p.toT() > 0) {
                masked = (int) Math.round(masked * schedule.gammaBar(p.toT()) / schedule.gammaBar(p.fromT()));
            } else {
                masked = 0;
            }
            assertEquals(batch * masked, p.maskedTokens(), "masked tokens after step " + p.step());
        }
    }

    @Test
    void purityWeightSharpensTheDrawnTokens() {
        // Every position has the same purity (normalised score 1): tokens follow pi^(1 + r) renormalised.
        double r = 1.5;
        SamplerConfig config = SamplerConfig.builder().steps(10).strategy(SamplingStrategy.PURITY).purityWeight(r).build();
        int[] tokens = sample(NoiseSchedule.vqDiffusionDefault(K, 10), config, new ToyDenoisers.Fixed(PI, FLAT), 4, 256, 6);
        double[] expected = new double[K];
        double sum = 0;
        for (int j = 0; j < K; j++) {
            expected[j] = Math.pow(PI[j], 1 + r);
            sum += expected[j];
        }
        for (int j = 0; j < K; j++) {
            expected[j] /= sum;
        }
        double chi = chiSquare(tokens, expected);
        assertTrue(chi < CHI2_3DF, "chi-square " + chi + " against " + Arrays.toString(expected));
        assertTrue(chiSquare(tokens, PI) > 100, "the sharpened draw must differ from pi itself");
    }

    @Test
    void purityPriorRevealsConfidentPositionsFirst() {
        int length = 128;
        int[] target = new int[length];
        double[] peak = new double[length];
        for (int n = 0; n < length; n++) {
            peak[n] = n < length / 2 ? 0.97 : 0.25; // confident half, then a flat half
        }
        NoiseSchedule schedule = NoiseSchedule.vqDiffusionDefault(K, 10);
        int[][] firstRevealed = new int[1][];
        SampleRequest req = SampleRequest.builder(4, length).seed(8).build();
        SamplerConfig config = SamplerConfig.builder().steps(10).strategy(SamplingStrategy.PURITY).purityWeight(1).build();
        ToyDenoisers.Target d = new ToyDenoisers.Target(K, target, peak);
        // Count, over the first three steps, how many revealed tokens lie in the confident half.
        int[] revealed = new int[2];
        Denoiser spy = new Denoiser() {
            @Override
            public int codebookSize() {
                return K;
            }

            @Override
            public float[] predict(DenoiserInput input) {
                if (input.timesteps()[0] >= 8) {
                    firstRevealed[0] = input.tokens().clone();
                } else if (firstRevealed[0] != null && input.timesteps()[0] == 7) {
                    int[] now = input.tokens();
                    for (int i = 0; i < now.length; i++) {
                        if (now[i] != K) {
                            revealed[(i % length) < length / 2 ? 0 : 1]++;
                        }
                    }
                }
                return d.predict(input);
            }
        };
        new DiffusionSampler(schedule, config).sample(spy, req);
        int total = revealed[0] + revealed[1];
        assertTrue(total > 20, "some tokens must be revealed in the first steps, got " + total);
        assertTrue(revealed[0] > 0.7 * total, "confident positions revealed first: " + Arrays.toString(revealed));
    }

    @Test
    void rejectsMismatchedDenoisers() {
        NoiseSchedule schedule = NoiseSchedule.vqDiffusionDefault(K, 10);
        DiffusionSampler sampler = new DiffusionSampler(schedule, SamplerConfig.builder().steps(2).build());
        SampleRequest req = SampleRequest.builder(1, 8).build();
        DiffusionArgumentException e = assertThrows(DiffusionArgumentException.class,
                () -> sampler.sample(new ToyDenoisers.Fixed(new double[] {0.5, 0.5}, new double[] {0.5, 0.5}), req));
        assertTrue(e.getMessage().contains("codebookSize 2"), e.getMessage());
        Denoiser shortOutput = new Denoiser() {
            @Override
            public int codebookSize() {
                return K;
            }

            @Override
            public float[] predict(DenoiserInput input) {
                return new float[3];
            }
        };
        e = assertThrows(DiffusionArgumentException.class, () -> sampler.sample(shortOutput, req));
        assertTrue(e.getMessage().contains("got 3"), e.getMessage());
        assertThrows(DiffusionArgumentException.class,
                () -> new DiffusionSampler(schedule, SamplerConfig.builder().steps(11).build()));
        int[] fixed = {0, 1, 2, 9, 0, 0, 0, 0};
        boolean[] keep = {true, true, true, true, false, false, false, false};
        e = assertThrows(DiffusionArgumentException.class, () -> sampler.sample(new ToyDenoisers.Fixed(PI, FLAT),
                SampleRequest.builder(1, 8).inpaint(fixed, keep).build()));
        assertTrue(e.getMessage().contains("fixedTokens[3]"), e.getMessage());
    }
}
