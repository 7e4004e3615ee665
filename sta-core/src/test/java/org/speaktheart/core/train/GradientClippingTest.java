package org.speaktheart.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;

import java.util.List;

class GradientClippingTest {

    @Test
    void globalNormOverAllArrays() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            // |(3, 4)|^2 + |(12)|^2 = 25 + 144 = 169 -> 13
            List<NDArray> grads = List.of(manager.create(new float[] {3f, 4f}), manager.create(new float[] {12f}));
            Tolerance.FLOAT.assertClose(13.0, GradientClipping.globalNorm(grads), "global norm");
            Tolerance.FLOAT.assertClose(0.0, GradientClipping.globalNorm(List.of(manager.zeros(
                    new ai.djl.ndarray.types.Shape(4)))), "zero gradients");
        }
    }

    @Test
    void largeFiniteGradientsHaveAFiniteNorm() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            // (3e20)^2 + (4e20)^2 overflows float32 but not float64: the norm is 5e20, which clipping can handle
            List<NDArray> grads = List.of(manager.create(new float[] {3e20f}), manager.create(new float[] {4e20f}));
            Tolerance.FLOAT.assertClose(5e20, GradientClipping.globalNorm(grads), "large norm");
            double inf = GradientClipping.globalNorm(List.of(manager.create(new float[] {Float.POSITIVE_INFINITY})));
            org.junit.jupiter.api.Assertions.assertTrue(Double.isInfinite(inf), "an infinite gradient stays infinite");
        }
    }

    @Test
    void scaleClipsOnlyAboveTheLimit() {
        Tolerance exact = new Tolerance(1e-15, 1e-12);
        exact.assertClose(6.5 / (13 + 1e-6), GradientClipping.scale(13, 6.5), "clipped to half");
        exact.assertClose(1.0, GradientClipping.scale(3, 6.5), "below the limit");
        exact.assertClose(1.0, GradientClipping.scale(1e9, 0), "0 disables clipping");
    }

    @Test
    void clippedUpdateUsesTheLimitedNorm() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            NDArray p = manager.create(new float[] {0f, 0f});
            List<NDArray> grads = List.of(manager.create(new float[] {30f, 40f})); // norm 50
            double scale = GradientClipping.scale(GradientClipping.globalNorm(grads), 5);
            // SGD-like check through AdamW's first moment: m = (1 - beta1) * scale * g, so |m| = 0.1 * 5
            try (AdamW adam = new AdamW(manager, List.of(p), new boolean[] {false}, 0.9, 0.999, 1e-8, 0)) {
                adam.step(List.of(p), grads, 0.1, scale);
                float[] m = adam.moments().get(0).toFloatArray();
                Tolerance.FLOAT.assertClose(0.5, Math.hypot(m[0], m[1]), "norm of the clipped first moment");
            }
        }
    }
}
