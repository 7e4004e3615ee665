package org.speaktheart.core.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import java.util.SplittableRandom;

/**
 * What a trainer supplies to {@link TrainingLoop}: how to draw the batch of a step and how to compute its
 * loss with the model. The loop owns everything else (gradients, optimizer, schedule, clipping, EMA,
 * checkpoints, metrics, progress).
 *
 * <p>Both methods run inside the step's scope: every NDArray created during a step (batch, activations,
 * loss, metrics) is closed when the step ends. A task that wants arrays to outlive a step (a cached dataset
 * on the device, for instance) must create them before {@link TrainingLoop#run} starts.
 *
 * <p>Determinism: the batch must depend only on {@code step}, the given random generator and the task's own
 * immutable data, never on a generator kept across calls; then a resumed run draws exactly the batches an
 * uninterrupted run would.
 */
public interface TrainingTask {

    /**
     * Builds the inputs and targets of one step.
     *
     * @param step    0-based step index
     * @param random  a generator seeded from {@code (config.seed, step)}, used by this call only
     * @param manager the step's manager: create the batch arrays here
     * @return the arrays {@link #loss} will receive
     */
    NDList batch(long step, SplittableRandom random, NDManager manager);

    /**
     * Runs the model on a batch and returns the scalar loss (plus optional scalar metrics). Called inside a
     * gradient collector when {@code training} is true.
     *
     * @param parameters the loop's parameter store, to pass to {@code block.forward(parameters, ..., training)}
     * @param batch      the output of {@link #batch}
     * @param training   true during training steps (dropout on)
     * @return the loss, a single-element array, and any metrics to record
     */
    StepOutput loss(ParameterStore parameters, NDList batch, boolean training);

    /**
     * State of the task that changes during training and must survive a resume to keep it exact (for
     * example the loss history behind importance sampling of diffusion timesteps), as a string (JSON).
     * Stored in every checkpoint header; the default keeps none.
     *
     * @return the state, or null when the task has none
     */
    default String saveState() {
        return null;
    }

    /**
     * Restores what {@link #saveState()} returned, before the first step of a resumed run.
     *
     * @param state the stored state (never null)
     */
    default void restoreState(String state) {
        throw new TrainingException("the checkpoint holds task state but this task does not restore any");
    }
}
