package org.speaktheart.core.train;

import java.util.List;
import java.util.Map;

/**
 * The {@code header.json} of a checkpoint directory: what the binary files hold and how to check them.
 * See docs/training.md for the layout.
 *
 * @param format         always {@link CheckpointStore#FORMAT}
 * @param formatVersion  layout version; readers refuse versions they do not know
 * @param step           number of completed steps, i.e. the 0-based index of the next step to run
 * @param seed           the run's seed (a resume with another seed is refused)
 * @param parameters     every parameter of the block, in {@code Block.getParameters()} order
 * @param optimizer      name of the optimizer whose state is stored ("AdamW")
 * @param optimizerStep  updates the optimizer has applied (its bias-correction step)
 * @param ema            whether {@code ema.ndlist} is present
 * @param schedule       state of a plateau learning-rate schedule (initial for other schedules)
 * @param sha256         hex SHA-256 of each binary file, by file name
 * @param taskState      the task's own state ({@link TrainingTask#saveState()}), or null when it keeps none
 */
public record CheckpointHeader(
        String format,
        int formatVersion,
        long step,
        long seed,
        List<ParameterEntry> parameters,
        String optimizer,
        long optimizerStep,
        boolean ema,
        LearningRateSchedule.PlateauState schedule,
        Map<String, String> sha256,
        String taskState) {

    /**
     * One parameter of the block.
     *
     * @param name      its name in the block's parameter list
     * @param shape     its shape
     * @param dataType  DJL data type name, e.g. "float32"
     * @param trainable whether it requires a gradient (only trainable parameters have optimizer and EMA state,
     *                  in the same relative order)
     */
    public record ParameterEntry(String name, long[] shape, String dataType, boolean trainable) {
    }
}
