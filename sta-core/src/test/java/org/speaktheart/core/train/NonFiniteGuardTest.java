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
import java.util.Optional;
import java.util.SplittableRandom;

/** A NaN loss or gradient stops training with a typed error and leaves the last good checkpoint usable. */
class NonFiniteGuardTest {

    private static final long BAD_STEP = 7;

    @TempDir
    Path tmp;

    /** The toy task, but at {@code BAD_STEP} the loss (or only its gradient) becomes NaN. */
    private static final class PoisonedTask implements TrainingTask {
        private final ToyRegression inner;
        private final Block block;
        private final boolean gradientOnly;

        private final int poisonedAttempts;
        private int badStepAttempts;

        PoisonedTask(Block block, boolean gradientOnly) {
            this(block, gradientOnly, Integer.MAX_VALUE);
        }

        /** Poisons only the first {@code poisonedAttempts} computations of the bad step. */
        PoisonedTask(Block block, boolean gradientOnly, int poisonedAttempts) {
            this.inner = new ToyRegression(block);
            this.block = block;
            this.gradientOnly = gradientOnly;
            this.poisonedAttempts = poisonedAttempts;
        }

        @Override
        public NDList batch(long step, SplittableRandom random, NDManager manager) {
            NDList batch = inner.batch(step, random, manager);
            if (step == BAD_STEP && !gradientOnly) {
                batch.get(1).set(new float[ToyRegression.BATCH]); // reset, then poison one target
                batch.set(1, batch.get(1).add(Float.NaN));
            }
            boolean poisoned = step == BAD_STEP && badStepAttempts++ < poisonedAttempts;
            batch.add(manager.create(poisoned)); // flag read by loss()
            return batch;
        }

        @Override
        public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
            NDArray loss = inner.loss(parameters, new NDList(batch.get(0), batch.get(1)), training).loss();
            if (gradientOnly && batch.get(2).getBoolean()) {
                // sqrt(p - p) is 0 in value, but its derivative at 0 is infinite: finite loss, NaN gradient
                NDArray p = block.forward(parameters, new NDList(batch.get(0)), training).singletonOrThrow();
                loss = loss.add(p.sub(p).sqrt().sum());
            }
            return StepOutput.of(loss);
        }
    }

    private TrainingConfig config(Path dir) {
        return TrainingConfig.builder().steps(20).seed(4).learningRate(1e-2).emaDecay(0.95)
                .checkpointDir(dir).checkpointInterval(5).build();
    }

    @Test
    void aNanGradientSeenOnceIsComputedAgainAndTheRunMatchesACleanOne() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            Block clean = ToyRegression.mlp(manager, 16, 0, 2);
            try (TrainingLoop loop = new TrainingLoop(clean, config(null))) {
                loop.run(new ToyRegression(clean));
            }
            Block block = ToyRegression.mlp(manager, 16, 0, 2);
            PoisonedTask once = new PoisonedTask(block, true, 1);
            try (TrainingLoop loop = new TrainingLoop(block, config(null))) {
                loop.run(once);
                assertEquals(20, loop.nextStep());
            }
            assertEquals(2, once.badStepAttempts, "the bad step was computed twice");
            List<float[]> expected = ToyRegression.snapshot(clean);
            List<float[]> actual = ToyRegression.snapshot(block);
            for (int i = 0; i < expected.size(); i++) {
                Tolerance.absolute(0).assertClose(expected.get(i), actual.get(i), "parameter " + i);
            }
        }
    }

    @Test
    void nanLossStopsAndKeepsLastGoodCheckpoint() {
        runPoisoned(false, "loss");
    }

    @Test
    void nanGradientStopsAndKeepsLastGoodCheckpoint() {
        runPoisoned(true, "gradient norm");
    }

    private void runPoisoned(boolean gradientOnly, String quantity) {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            // what 5 clean steps give: the checkpoint the failed run must leave behind
            Block clean = ToyRegression.mlp(manager, 16, 0, 2);
            List<float[]> afterFive;
            try (TrainingLoop loop = new TrainingLoop(clean, config(null).toBuilder().steps(20).build())) {
                loop.run(stoppingAfter(new ToyRegression(clean), 5));
            } catch (StopHere expected) {
                // the clean reference stops after 5 steps
            }
            afterFive = ToyRegression.snapshot(clean);

            Block block = ToyRegression.mlp(manager, 16, 0, 2);
            Path dir = tmp.resolve(quantity.replace(' ', '-'));
            List<float[]> beforeBadStep;
            try (TrainingLoop loop = new TrainingLoop(block, config(dir))) {
                NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                        () -> loop.run(new PoisonedTask(block, gradientOnly)));
                assertEquals(BAD_STEP, e.step());
                assertEquals(quantity, e.quantity());
                assertTrue(Double.isNaN(e.value()));
                assertTrue(e.getMessage().contains("step 7"), e.getMessage());
                assertEquals(BAD_STEP, loop.nextStep(), "the bad step is not counted");
                beforeBadStep = ToyRegression.snapshot(block);
            }
            for (float[] values : beforeBadStep) {
                for (float v : values) {
                    assertTrue(Float.isFinite(v), "parameters were not touched by the bad step");
                }
            }

            CheckpointStore store = new CheckpointStore(dir, 2);
            Optional<Path> latest = store.latest();
            assertTrue(latest.isPresent());
            assertEquals("step-000000005", latest.get().getFileName().toString());
            try (NDManager loadManager = manager.newSubManager();
                    Checkpoint checkpoint = CheckpointStore.read(latest.get(), loadManager)) {
                assertEquals(5, checkpoint.header().step());
                assertEquals(5, checkpoint.header().optimizerStep());
            }
            Block loaded = ToyRegression.mlp(manager, 16, 0, 99);
            CheckpointStore.loadInto(latest.get(), loaded, false);
            List<float[]> restored = ToyRegression.snapshot(loaded);
            for (int i = 0; i < restored.size(); i++) {
                Tolerance.absolute(0).assertClose(afterFive.get(i), restored.get(i), "checkpointed parameter " + i);
            }
        }
    }

    private static final class StopHere extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static TrainingTask stoppingAfter(TrainingTask inner, long steps) {
        return new TrainingTask() {
            @Override
            public NDList batch(long step, SplittableRandom random, NDManager manager) {
                if (step == steps) {
                    throw new StopHere();
                }
                return inner.batch(step, random, manager);
            }

            @Override
            public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
                return inner.loss(parameters, batch, training);
            }
        };
    }
}
