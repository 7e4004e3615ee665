package org.speaktheart.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.testing.Tolerance;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** A run killed after k steps and resumed from its checkpoint ends where an uninterrupted run ends. */
class ResumeTest {

    private static final long STEPS = 23;
    private static final long KILL_AT = 13; // checkpoints at 5 and 10; steps 10..12 are lost and redone

    @TempDir
    Path tmp;

    /** Fails like a killed process when it is asked for step {@code killAt}. */
    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed(long step) {
            super("simulated kill at step " + step);
        }
    }

    private static TrainingTask killingAt(TrainingTask inner, long killAt) {
        return new TrainingTask() {
            @Override
            public NDList batch(long step, SplittableRandom random, NDManager manager) {
                if (step == killAt) {
                    throw new Killed(step);
                }
                return inner.batch(step, random, manager);
            }

            @Override
            public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
                return inner.loss(parameters, batch, training);
            }
        };
    }

    private TrainingConfig config(String name, String decay) {
        return TrainingConfig.builder().steps(STEPS).seed(11).learningRate(5e-3).warmupSteps(3)
                .decay("plateau".equals(decay) ? LrDecay.plateau(0.5, 1, 3, 0.05, 1e-4) : LrDecay.cosine(1e-4))
                .clipNorm(0.5).emaDecay(0.9).checkpointDir(tmp.resolve(name)).checkpointInterval(5).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cosine", "plateau"})
    void resumedRunEqualsUninterruptedRun(String decay) {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            // uninterrupted reference; dropout makes the engine seed per step matter
            Block reference = ToyRegression.mlp(manager, 16, 0.2f, 5);
            List<float[]> expected;
            List<float[]> expectedEma;
            try (TrainingLoop loop = new TrainingLoop(reference, config("full", decay))) {
                loop.run(new ToyRegression(reference));
                expected = ToyRegression.snapshot(reference);
                ExponentialMovingAverage.WeightSwap swap = loop.swapInEma();
                try {
                    expectedEma = ToyRegression.snapshot(reference);
                } finally {
                    swap.close();
                }
            }

            Block first = ToyRegression.mlp(manager, 16, 0.2f, 5);
            try (TrainingLoop loop = new TrainingLoop(first, config("killed", decay))) {
                Killed killed = assertThrows(Killed.class, () -> loop.run(killingAt(new ToyRegression(first), KILL_AT)));
                assertTrue(killed.getMessage().contains("13"));
            }

            // a new process: fresh model with different initial weights, same config -> continues from step 10
            Block resumed = ToyRegression.mlp(manager, 16, 0.2f, 77);
            try (TrainingLoop loop = new TrainingLoop(resumed, config("killed", decay))) {
                assertEquals(10, loop.nextStep());
                TrainingResult result = loop.run(new ToyRegression(resumed));
                assertEquals(10, result.startStep());
                assertEquals(STEPS, result.endStep());
                List<float[]> actual = ToyRegression.snapshot(resumed);
                for (int i = 0; i < expected.size(); i++) {
                    Tolerance.absolute(1e-6).assertClose(expected.get(i), actual.get(i), decay + " parameter " + i);
                }
                ExponentialMovingAverage.WeightSwap swap = loop.swapInEma();
                try {
                    List<float[]> actualEma = ToyRegression.snapshot(resumed);
                    for (int i = 0; i < expectedEma.size(); i++) {
                        Tolerance.absolute(1e-6).assertClose(expectedEma.get(i), actualEma.get(i),
                                decay + " EMA parameter " + i);
                    }
                } finally {
                    swap.close();
                }
            }

            // the final checkpoint exports the averaged weights into a fresh block
            Block exported = ToyRegression.mlp(manager, 16, 0.2f, 123);
            CheckpointStore.loadInto(tmp.resolve("killed").resolve("step-000000023"), exported, true);
            List<float[]> exportedEma = ToyRegression.snapshot(exported);
            for (int i = 0; i < expectedEma.size(); i++) {
                Tolerance.absolute(1e-6).assertClose(expectedEma.get(i), exportedEma.get(i), "loaded EMA " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9})
    void sameSeedSameBitsAndOtherSeedDiffers(int seed) {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            TrainingConfig config = TrainingConfig.builder().steps(8).seed(seed).build();
            List<float[]> a = trainFresh(manager, config);
            List<float[]> b = trainFresh(manager, config);
            List<float[]> c = trainFresh(manager, config.toBuilder().seed(seed + 1000).build());
            double differs = 0;
            for (int i = 0; i < a.size(); i++) {
                Tolerance.absolute(0).assertClose(a.get(i), b.get(i), "same seed, parameter " + i);
                differs = Math.max(differs, Tolerance.maxAbsDiff(a.get(i), c.get(i)));
            }
            assertTrue(differs > 1e-4, "another seed draws other batches and dropout masks, max diff " + differs);
        }
    }

    private static List<float[]> trainFresh(NDManager manager, TrainingConfig config) {
        Block block = ToyRegression.mlp(manager, 16, 0.2f, 5);
        try (TrainingLoop loop = new TrainingLoop(block, config)) {
            loop.run(new ToyRegression(block));
            return ToyRegression.snapshot(block);
        }
    }

    /** Scales the loss by a factor that depends on a counter kept across steps: exact resume needs the counter. */
    private static final class CountingTask implements TrainingTask {
        private final ToyRegression inner;
        private final long killAt;
        int calls;

        CountingTask(ToyRegression inner, long killAt) {
            this.inner = inner;
            this.killAt = killAt;
        }

        @Override
        public NDList batch(long step, SplittableRandom random, NDManager manager) {
            if (step == killAt) {
                throw new Killed(step);
            }
            return inner.batch(step, random, manager);
        }

        @Override
        public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
            calls++;
            return StepOutput.of(inner.loss(parameters, batch, training).loss().mul(1 + calls % 3));
        }

        @Override
        public String saveState() {
            return Integer.toString(calls);
        }

        @Override
        public void restoreState(String state) {
            calls = Integer.parseInt(state);
        }
    }

    @org.junit.jupiter.api.Test
    void taskStateTravelsWithTheCheckpoint() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            Block reference = ToyRegression.mlp(manager, 16, 0f, 5);
            List<float[]> expected;
            try (TrainingLoop loop = new TrainingLoop(reference, config("state-full", "cosine"))) {
                loop.run(new CountingTask(new ToyRegression(reference), -1));
                expected = ToyRegression.snapshot(reference);
            }
            Block interrupted = ToyRegression.mlp(manager, 16, 0f, 5);
            try (TrainingLoop loop = new TrainingLoop(interrupted, config("state-cut", "cosine"))) {
                assertThrows(Killed.class, () -> loop.run(new CountingTask(new ToyRegression(interrupted), KILL_AT)));
            }
            Block resumed = ToyRegression.mlp(manager, 16, 0f, 99);
            CountingTask task = new CountingTask(new ToyRegression(resumed), -1);
            try (TrainingLoop loop = new TrainingLoop(resumed, config("state-cut", "cosine"))) {
                assertEquals(10, loop.nextStep());
                loop.run(task);
            }
            assertEquals(STEPS, task.calls, "the counter resumed from the checkpoint's 10, not from 0");
            List<float[]> actual = ToyRegression.snapshot(resumed);
            for (int i = 0; i < expected.size(); i++) {
                Tolerance.absolute(1e-6).assertClose(expected.get(i), actual.get(i), "parameter " + i);
            }
        }
    }
}
