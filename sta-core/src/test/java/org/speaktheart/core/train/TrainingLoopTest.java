package org.speaktheart.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.testing.Tolerance;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

class TrainingLoopTest {

    @TempDir
    Path tmp;

    /** Mean squared error of the block on a fixed held-out sample of 256 points. */
    private static double heldOutLoss(Block block, TrainingLoop loop, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            NDList data = ToyRegression.sample(new SplittableRandom(999), m, 256);
            ParameterStore ps = loop.parameterStore();
            NDArray prediction = block.forward(ps, new NDList(data.get(0)), false).singletonOrThrow();
            return prediction.sub(data.get(1)).square().mean().getFloat();
        }
    }

    @Test
    void lossFallsBelowThreshold() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            Block block = ToyRegression.mlp(manager, 32, 0, 1);
            TrainingConfig config = TrainingConfig.builder().steps(400).seed(3).learningRate(1e-2).warmupSteps(20)
                    .decay(LrDecay.cosine(1e-4)).weightDecay(1e-4).clipNorm(5).build();
            try (TrainingLoop loop = new TrainingLoop(block, config)) {
                double before = heldOutLoss(block, loop, manager);
                TrainingResult result = loop.run(new ToyRegression(block));
                double after = heldOutLoss(block, loop, manager);
                assertEquals(0, result.startStep());
                assertEquals(400, result.endStep());
                // the target's variance is about 0.5; a fitted MLP of this size gets well under 0.01
                assertTrue(before > 0.1, "untrained held-out MSE " + before);
                assertTrue(after < 0.01, "held-out MSE after 400 steps " + after + " (before " + before + ")");
            }
        }
    }
}
