package org.speaktheart.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamWTest {

    // Reference values computed by hand in double precision (Python), from the update rule in AdamW's javadoc:
    // p = [1, -2, 0.5], gradients [0.1, -0.2, 0.3] then [0.4, 0, -0.5], each scaled by 0.5 (clipping),
    // lr 0.01, weight decay 0.1, betas 0.9 / 0.999, eps 1e-8.
    private static final double[] AFTER_STEP_1 = {0.9890000019999996, -1.9880000009999999, 0.4895000006666666};
    private static final double[] AFTER_STEP_2 = {0.9791672376987831, -1.9793114194054768, 0.4919461125712888};
    private static final double[] M_AFTER_2 = {0.0245, -0.009, -0.0115};
    private static final double[] V_AFTER_2 = {4.24975e-05, 9.99e-06, 8.49775e-05};

    @Test
    void matchesHandComputationForTwoSteps() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            NDArray p = manager.create(new float[] {1f, -2f, 0.5f});
            try (AdamW adam = new AdamW(manager, List.of(p), new boolean[] {true}, 0.9, 0.999, 1e-8, 0.1)) {
                adam.step(List.of(p), List.of(manager.create(new float[] {0.1f, -0.2f, 0.3f})), 0.01, 0.5);
                Tolerance.FLOAT.assertClose(AFTER_STEP_1, toDouble(p.toFloatArray()), "parameter after step 1");
                adam.step(List.of(p), List.of(manager.create(new float[] {0.4f, 0f, -0.5f})), 0.01, 0.5);
                Tolerance.FLOAT.assertClose(AFTER_STEP_2, toDouble(p.toFloatArray()), "parameter after step 2");
                assertEquals(2, adam.stepCount());
                NDList moments = adam.moments();
                Tolerance.FLOAT.assertClose(M_AFTER_2, toDouble(moments.get(0).toFloatArray()), "first moment");
                Tolerance.FLOAT.assertClose(V_AFTER_2, toDouble(moments.get(1).toFloatArray()), "second moment");
            }
        }
    }

    @Test
    void noDecayWhereDisabledAndStateRestores() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            NDArray a = manager.create(new float[] {1f, -2f, 0.5f});
            NDArray b = manager.create(new float[] {1f, -2f, 0.5f});
            NDArray g = manager.create(new float[] {0.1f, -0.2f, 0.3f});
            try (AdamW decayed = new AdamW(manager, List.of(a), new boolean[] {true}, 0.9, 0.999, 1e-8, 0.1);
                    AdamW plain = new AdamW(manager, List.of(b), new boolean[] {false}, 0.9, 0.999, 1e-8, 0.1)) {
                decayed.step(List.of(a), List.of(g), 0.01, 1.0);
                plain.step(List.of(b), List.of(g), 0.01, 1.0);
                // first Adam step moves each element by lr * sign(g) (up to eps); decay adds -lr*wd*p
                Tolerance.FLOAT.assertClose(new double[] {0.99, -1.99, 0.49}, toDouble(b.toFloatArray()), "no decay");
                Tolerance.FLOAT.assertClose(new double[] {0.999 - 0.01, -1.998 + 0.01, 0.4995 - 0.01},
                        toDouble(a.toFloatArray()), "with decay");

                // a restored copy continues exactly like the original
                NDArray c = b.duplicate();
                try (AdamW copy = new AdamW(manager, List.of(c), new boolean[] {false}, 0.9, 0.999, 1e-8, 0.1)) {
                    copy.restore(plain.stepCount(), plain.moments());
                    plain.step(List.of(b), List.of(g), 0.01, 1.0);
                    copy.step(List.of(c), List.of(g), 0.01, 1.0);
                    Tolerance.absolute(0).assertClose(b.toFloatArray(), c.toFloatArray(), "restored optimizer");
                }
            }
        }
    }

    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
