package org.speaktheart.vqvae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;

/** EMA updates, dead-code restarts and the straight-through output of the quantizer. */
class VectorQuantizerTest {

    private static VqVaeConfig config(int k, float threshold) {
        return VqVaeConfig.builder().imageSize(8).baseChannels(4).channelMultipliers(1).groups(2).codeDim(2)
                .codebookSize(k).emaDecay(0.8f).deadCodeThreshold(threshold).build();
    }

    /** Two clusters on the x axis, around (+4, 0) and (-2, 0), latent rows [N, 2]. */
    private static float[] clusters() {
        return new float[] {3.5f, 0.2f, 4.5f, -0.2f, 4f, 0.3f, -2f, 1f, -2.5f, -1f, -1.5f, 0f};
    }

    @Test
    void emaMovesEachCodeToTheMeanOfItsCluster() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            VectorQuantizer q = new VectorQuantizer(config(2, 0f));
            q.initialize(m, DataType.FLOAT32, new Shape(1, 2, 2, 3));
            float[] flat = clusters();
            q.initializeFromLatents(new float[] {1f, 0f, -1f, 0f}, new SplittableRandom(1));
            q.codebookParameter().getArray().set(new float[] {1f, 0f, -1f, 0f});
            long[] ids = {0, 0, 0, 1, 1, 1};
            for (int step = 0; step < 200; step++) {
                q.emaUpdate(ids, flat);
            }
            // means: (4, 0.1) and (-2, 0)
            Tolerance.absolute(1e-3).assertClose(new float[] {4f, 0.1f, -2f, 0f}, q.effectiveCodebook(), "EMA codes");
        }
    }

    @Test
    void deadCodesRestartFromLatentsAndUsedCodesStay() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            VectorQuantizer q = new VectorQuantizer(config(4, 1f));
            q.initialize(m, DataType.FLOAT32, new Shape(1, 2, 2, 3));
            float[] before = {1f, 0f, -1f, 0f, 100f, 100f, -100f, -100f};
            q.codebookParameter().getArray().set(before);
            q.recordUsage(new long[] {0, 0, 1, 1, 0, 1});
            float[] flat = clusters();
            assertEquals(2, q.restartDeadCodes(flat, new SplittableRandom(7)));
            float[] after = q.effectiveCodebook();
            Tolerance.absolute(0).assertClose(new float[] {1f, 0f, -1f, 0f}, java.util.Arrays.copyOf(after, 4), "used codes kept");
            for (int code = 2; code < 4; code++) {
                double best = Double.MAX_VALUE;
                for (int r = 0; r < flat.length / 2; r++) {
                    best = Math.min(best, Math.hypot(after[code * 2] - flat[r * 2], after[code * 2 + 1] - flat[r * 2 + 1]));
                }
                assertTrue(best < 1e-3, "restarted code " + code + " is " + best + " from the nearest latent");
            }
            assertEquals(0, java.util.Arrays.stream(q.usageSinceCheck()).sum());
        }
    }

    @Test
    void forwardPicksNearestCodesAndPassesGradientStraightThrough() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            VqVaeConfig c = config(2, 0f).toBuilder().emaDecay(0f).build();
            VectorQuantizer q = new VectorQuantizer(c);
            q.initialize(m, DataType.FLOAT32, new Shape(1, 2, 2, 3));
            q.codebookParameter().getArray().set(new float[] {1f, 0f, -1f, 0f});
            // z [1, 2, 2, 3]: channel 0 holds x, channel 1 holds y of the six latent rows.
            float[] flat = clusters();
            float[] z = new float[12];
            for (int r = 0; r < 6; r++) {
                z[r] = flat[r * 2];
                z[6 + r] = flat[r * 2 + 1];
            }
            var x = m.create(z, new Shape(1, 2, 2, 3));
            x.setRequiresGradient(true);
            try (var gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDList out = q.forward(new ParameterStore(m, false), new NDList(x), true);
                assertEquals(java.util.List.of(0L, 0L, 0L, 1L, 1L, 1L),
                        java.util.Arrays.stream(out.get(1).toLongArray()).boxed().toList());
                // quantized values are the codes
                Tolerance.FLOAT.assertClose(new float[] {1, 1, 1, -1, -1, -1, 0, 0, 0, 0, 0, 0},
                        out.get(0).toFloatArray(), "quantized");
                // commitment = mean over rows and dims of |z - q|^2
                double sum = 0;
                for (int r = 0; r < 6; r++) {
                    double cx = r < 3 ? 1 : -1;
                    sum += Math.pow(flat[r * 2] - cx, 2) + Math.pow(flat[r * 2 + 1], 2);
                }
                Tolerance.FLOAT.assertClose(sum / 12, out.get(2).getFloat(), "commitment");
                Tolerance.FLOAT.assertClose(sum / 12, out.get(3).getFloat(), "codebook loss");
                gc.backward(out.get(0).sum());
                // straight-through: d sum(quantized) / dz = 1 everywhere
                Tolerance.FLOAT.assertClose(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
                        x.getGradient().toFloatArray(), "straight-through gradient");
            }
        }
    }
}
