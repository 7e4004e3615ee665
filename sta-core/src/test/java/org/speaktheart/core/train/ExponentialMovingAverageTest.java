package org.speaktheart.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;

import java.util.List;

class ExponentialMovingAverageTest {

    @Test
    void averagesAndSwapsBack() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            NDArray p = manager.create(new float[] {1f, -1f});
            try (ExponentialMovingAverage ema = new ExponentialMovingAverage(manager, List.of(p), 0.9)) {
                p.set(new float[] {2f, 0f});
                ema.update(List.of(p)); // 0.9 * 1 + 0.1 * 2 = 1.1 ; 0.9 * -1 + 0.1 * 0 = -0.9
                p.set(new float[] {4f, 10f});
                ema.update(List.of(p)); // 0.9 * 1.1 + 0.4 = 1.39 ; 0.9 * -0.9 + 1 = 0.19
                double[] expected = {1.39, 0.19};
                Tolerance.FLOAT.assertClose(expected, AdamWTest.toDouble(ema.weights().get(0).toFloatArray()), "EMA");

                ExponentialMovingAverage.WeightSwap swap = ema.swapIn(List.of(p));
                try {
                    Tolerance.FLOAT.assertClose(expected, AdamWTest.toDouble(p.toFloatArray()), "swapped in");
                } finally {
                    swap.close();
                }
                Tolerance.absolute(0).assertClose(new float[] {4f, 10f}, p.toFloatArray(), "raw weights restored");
            }
        }
    }
}
