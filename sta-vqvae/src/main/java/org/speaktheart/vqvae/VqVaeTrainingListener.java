package org.speaktheart.vqvae;

/**
 * Receives the held-out evaluations of a {@link VqVaeTrainer} run (every {@code evaluationInterval}
 * steps and at the end). Per-step losses go to the harness's metrics file and progress log.
 */
@FunctionalInterface
public interface VqVaeTrainingListener {
    /** A listener that ignores everything. */
    VqVaeTrainingListener NONE = e -> { };

    /** Called on the training thread after an evaluation. */
    void evaluated(VqVaeEvaluation evaluation);
}
