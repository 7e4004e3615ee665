package org.speaktheart.core.train;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * What a {@link TrainingTask} returns for one step.
 *
 * @param loss    the scalar (single-element) loss to minimise
 * @param metrics extra single-element values recorded in the metrics file under their names (e.g.
 *                "accuracy"); they are not optimised and must not use the reserved names step, loss, lr,
 *                grad_norm, clip_scale, elapsed_s
 */
public record StepOutput(NDArray loss, Map<String, NDArray> metrics) {

    /** Checks the arguments and copies the metric map. */
    public StepOutput {
        if (loss == null) {
            throw new TrainingException("StepOutput.loss must not be null");
        }
        metrics = Map.copyOf(metrics);
        for (String name : metrics.keySet()) {
            if (MetricsLog.RESERVED.contains(name)) {
                throw new TrainingException("StepOutput metric name \"" + name + "\" is reserved; reserved names: "
                        + MetricsLog.RESERVED);
            }
        }
    }

    /** A loss without metrics. */
    public static StepOutput of(NDArray loss) {
        return new StepOutput(loss, Map.of());
    }
}
