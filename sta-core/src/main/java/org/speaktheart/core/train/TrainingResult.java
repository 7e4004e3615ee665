package org.speaktheart.core.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The outcome of {@link TrainingLoop#run}.
 *
 * @param startStep      the step this run started at (0, or the step of the checkpoint it resumed from)
 * @param endStep        completed steps when it ended ({@code config.steps()} unless stopped earlier on request)
 * @param lastLoss       training loss of the last step run, NaN when no step ran
 * @param lastCheckpoint the newest checkpoint directory, or null without checkpoints
 * @param seconds        wall time of this run
 */
public record TrainingResult(long startStep, long endStep, double lastLoss, Path lastCheckpoint, double seconds) {

    /** The newest checkpoint, if checkpoints are on. */
    public Optional<Path> checkpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }
}
