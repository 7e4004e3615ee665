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
import org.speaktheart.core.testing.Tolerance;

import java.util.List;
import java.util.SplittableRandom;

class TrainingLoopTest {

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

    @Test
    void withAveragedWeightsRunsOnTheEmaWeightsWhenOnAndOnTheRawWeightsWhenOff() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            for (double decay : new double[] {0.8, 0}) {
                TrainingConfig config = TrainingConfig.builder().steps(12).seed(5).warmupSteps(2).emaDecay(decay).build();
                Block block = ToyRegression.mlp(manager, 8, 0, 4);
                try (TrainingLoop loop = new TrainingLoop(block, config)) {
                    loop.run(new ToyRegression(block));
                    List<float[]> raw = ToyRegression.snapshot(block);
                    List<float[]> expected;
                    if (decay > 0) {
                        ExponentialMovingAverage.WeightSwap swap = loop.swapInEma();
                        try {
                            expected = ToyRegression.snapshot(block);
                        } finally {
                            swap.close();
                        }
                    } else {
                        expected = raw;
                        assertThrows(TrainingException.class, loop::swapInEma);
                    }
                    List<List<float[]>> seen = new java.util.ArrayList<>();
                    loop.withAveragedWeights(() -> seen.add(ToyRegression.snapshot(block)));
                    assertEquals(1, seen.size());
                    double moved = 0;
                    for (int i = 0; i < raw.size(); i++) {
                        Tolerance.absolute(0).assertClose(expected.get(i), seen.get(0).get(i), "decay " + decay + " parameter " + i);
                        Tolerance.absolute(0).assertClose(raw.get(i), ToyRegression.snapshot(block).get(i), "restored " + i);
                        for (int j = 0; j < raw.get(i).length; j++) {
                            moved = Math.max(moved, Math.abs(raw.get(i)[j] - seen.get(0).get(i)[j]));
                        }
                    }
                    // with EMA on, the action sees weights that differ from the raw ones
                    assertEquals(decay > 0, moved > 1e-6, "decay " + decay + ", max difference " + moved);
                }
            }
        }
    }

    @Test
    void chunkedRunEqualsOneRun() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            TrainingConfig config = TrainingConfig.builder().steps(12).seed(5).warmupSteps(2).emaDecay(0.8).build();
            Block whole = ToyRegression.mlp(manager, 8, 0.1f, 4);
            try (TrainingLoop loop = new TrainingLoop(whole, config)) {
                loop.run(new ToyRegression(whole));
            }
            Block chunked = ToyRegression.mlp(manager, 8, 0.1f, 4);
            try (TrainingLoop loop = new TrainingLoop(chunked, config)) {
                TrainingResult first = loop.run(new ToyRegression(chunked), 7);
                assertEquals(7, first.endStep());
                assertEquals(7, loop.nextStep());
                TrainingResult rest = loop.run(new ToyRegression(chunked), 100);
                assertEquals(7, rest.startStep());
                assertEquals(12, rest.endStep());
            }
            List<float[]> a = ToyRegression.snapshot(whole);
            List<float[]> b = ToyRegression.snapshot(chunked);
            for (int i = 0; i < a.size(); i++) {
                Tolerance.absolute(0).assertClose(a.get(i), b.get(i), "parameter " + i);
            }
        }
    }

    @Test
    void frozenParametersStayAndWeightDecaySkipsBiases() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            Block block = ToyRegression.mlp(manager, 8, 0, 6);
            block.getParameters().get(0).getValue().freeze(true); // first layer weight
            List<float[]> before = ToyRegression.snapshot(block);
            // a loss with zero gradient: Adam's step is 0 / (0 + eps) = 0, so only decoupled decay moves weights
            TrainingTask zeroGradient = new TrainingTask() {
                private final ToyRegression inner = new ToyRegression(block);

                @Override
                public NDList batch(long step, SplittableRandom random, NDManager m) {
                    return inner.batch(step, random, m);
                }

                @Override
                public StepOutput loss(ParameterStore ps, NDList batch, boolean training) {
                    return StepOutput.of(block.forward(ps, new NDList(batch.get(0)), training).singletonOrThrow()
                            .mul(0).sum());
                }
            };
            TrainingConfig config = TrainingConfig.builder().steps(3).learningRate(0.1).decay(LrDecay.constant())
                    .weightDecay(0.5).build();
            try (TrainingLoop loop = new TrainingLoop(block, config)) {
                loop.run(zeroGradient);
            }
            List<float[]> after = ToyRegression.snapshot(block);
            Tolerance.absolute(0).assertClose(before.get(0), after.get(0), "frozen weight");
            Tolerance.absolute(0).assertClose(before.get(1), after.get(1), "bias: no decay, no gradient");
            Tolerance.absolute(0).assertClose(before.get(3), after.get(3), "bias: no decay, no gradient");
            float[] expected = before.get(2).clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] *= (float) Math.pow(1 - 0.1 * 0.5, 3); // three decoupled decays of lr * wd
            }
            Tolerance.FLOAT.assertClose(expected, after.get(2), "decayed weight");
        }
    }

    @Test
    void rejectsUninitialisedOrFullyFrozenBlocks() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            TrainingConfig config = TrainingConfig.builder().steps(1).build();
            Block fresh = ai.djl.nn.core.Linear.builder().setUnits(2).build();
            TrainingException e = assertThrows(TrainingException.class, () -> new TrainingLoop(fresh, config));
            assertTrue(e.getMessage().contains("not initialised"), e.getMessage());
            Block frozen = ToyRegression.mlp(manager, 4, 0, 1);
            frozen.freezeParameters(true);
            TrainingException f = assertThrows(TrainingException.class, () -> new TrainingLoop(frozen, config));
            assertTrue(f.getMessage().contains("frozen"), f.getMessage());
        }
    }
}
