package org.speaktheart.diffusion.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.core.train.TrainingResult;
import org.speaktheart.diffusion.loss.LossConfig;
import org.speaktheart.diffusion.network.DenoiserConfig;
import org.speaktheart.diffusion.network.DenoiserExport;
import org.speaktheart.diffusion.network.DenoiserModel;
import org.speaktheart.diffusion.network.DenoiserNetwork;
import org.speaktheart.diffusion.network.DjlDenoiser;
import org.speaktheart.diffusion.network.OnnxDenoiser;
import org.speaktheart.diffusion.sampling.DiffusionSampler;
import org.speaktheart.diffusion.sampling.SampleRequest;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/**
 * A tiny conditional denoiser learns four class-specific token patterns through the harness; the
 * trained network, run by the samplers in DJL and exported to ONNX, generates grids of the asked
 * class far above chance.
 */
class DenoiserLearningTest {
    private static final int K = 8;
    private static final int SIDE = 4;
    private static final int N = SIDE * SIDE;
    private static final int CLASSES = 4;
    private static final int T = 20;

    /** Class c's clean pattern: token (3c + i) mod K at position i. */
    private static int patternToken(int c, int i) {
        return (3 * c + i) % K;
    }

    private static float[] oneHot(int c) {
        float[] v = new float[CLASSES];
        v[c] = 1f;
        return v;
    }

    /** 240 grids: each a class pattern with 10% of its tokens replaced at random. */
    private static TokenGridDataset dataset() {
        SplittableRandom rng = new SplittableRandom(21);
        int m = 240;
        int[][] tokens = new int[m][N];
        float[][] conditions = new float[m][];
        for (int j = 0; j < m; j++) {
            int c = j % CLASSES;
            for (int i = 0; i < N; i++) {
                tokens[j][i] = rng.nextDouble() < 0.1 ? rng.nextInt(K) : patternToken(c, i);
            }
            conditions[j] = oneHot(c);
        }
        return new TokenGridDataset(K, tokens, conditions);
    }

    /** The class whose pattern the grid matches best, and how many tokens match it. */
    private static int[] classify(int[] tokens, int offset) {
        int best = -1;
        int bestMatches = -1;
        for (int c = 0; c < CLASSES; c++) {
            int matches = 0;
            for (int i = 0; i < N; i++) {
                matches += tokens[offset + i] == patternToken(c, i) ? 1 : 0;
            }
            if (matches > bestMatches) {
                best = c;
                bestMatches = matches;
            }
        }
        return new int[] {best, bestMatches};
    }

    private static double accuracy(int[] grids, int[] asked) {
        int right = 0;
        for (int g = 0; g < asked.length; g++) {
            right += classify(grids, g * N)[0] == asked[g] ? 1 : 0;
        }
        return right / (double) asked.length;
    }

    @Test
    void learnsClassPatternsAndSamplesThemInBothEngines(@TempDir Path dir) {
        DenoiserConfig config = DenoiserConfig.builder().codebookSize(K).grid(SIDE, SIDE).width(32).depth(2).heads(2)
                .conditionDim(CLASSES).timesteps(T).conditionDropout(0.1f).build();
        NoiseSchedule schedule = NoiseSchedule.vqDiffusionDefault(K, T);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(4);
            DenoiserNetwork network = new DenoiserNetwork(config);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, N), new Shape(1), new Shape(1, CLASSES), new Shape(1));
            DenoiserTrainingTask task = new DenoiserTrainingTask(network, schedule, LossConfig.VQ_DIFFUSION, dataset(), 16);
            TrainingConfig training = TrainingConfig.builder().steps(500).seed(8).learningRate(2e-3).warmupSteps(30)
                    .decay(LrDecay.cosine(2e-4)).clipNorm(1.0).checkpointDir(dir.resolve("checkpoints"))
                    .checkpointInterval(250).metricsFile(dir.resolve("metrics.jsonl")).logInterval(100).build();
            TrainingResult result;
            try (TrainingLoop loop = new TrainingLoop(network, training)) {
                result = loop.run(task);
            }
            assertTrue(Double.isFinite(result.lastLoss()));
            double[] p = task.timeProbabilities();
            assertEquals(T, p.length);
            assertTrue(p[T - 1] != p[T / 2], "importance sampling has left the uniform warm-up");

            int perClass = 6;
            float[][] conditions = new float[CLASSES * perClass][];
            int[] asked = new int[conditions.length];
            for (int g = 0; g < conditions.length; g++) {
                asked[g] = g % CLASSES;
                conditions[g] = oneHot(asked[g]);
            }
            SampleRequest request = SampleRequest.builder(conditions.length, N).condition(conditions).seed(99).build();
            DiffusionSampler full = new DiffusionSampler(schedule, SamplerConfig.builder().steps(T).build());
            int[] djlGrids = full.sample(new DjlDenoiser(network, manager), request);
            double djlAccuracy = accuracy(djlGrids, asked);
            assertTrue(djlAccuracy >= 0.9, "DJL-sampled class accuracy " + djlAccuracy + " (chance 0.25)");

            try (DenoiserModel onnx = DenoiserModel.load(DenoiserExport.build(network, Map.of()).toByteArray(),
                    RuntimeConfig.defaults(), "learned-denoiser")) {
                OnnxDenoiser denoiser = new OnnxDenoiser(onnx);
                int[] onnxGrids = full.sample(denoiser, request);
                double onnxAccuracy = accuracy(onnxGrids, asked);
                assertTrue(onnxAccuracy >= 0.9, "ONNX-sampled class accuracy " + onnxAccuracy + " (chance 0.25)");
                DiffusionSampler fast = new DiffusionSampler(schedule, SamplerConfig.builder().steps(T / 4).build());
                double fastAccuracy = accuracy(fast.sample(denoiser, request), asked);
                assertTrue(fastAccuracy >= 0.8, "fast sampling (T/4 steps) class accuracy " + fastAccuracy);
                System.out.printf("class accuracy: DJL %.3f, ONNX %.3f, ONNX T/4 steps %.3f; final loss %.4f%n",
                        djlAccuracy, onnxAccuracy, fastAccuracy, result.lastLoss());
                int[] again = full.sample(denoiser, request);
                assertTrue(java.util.Arrays.equals(onnxGrids, again), "same seed, same tokens");
            }
        }
    }
}
