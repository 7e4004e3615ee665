package org.speaktheart.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Map;

/**
 * The step output of a classifier trained on one-hot targets: the mean cross-entropy
 * {@code -log softmax(logits)[label]} over the batch as the loss, and the batch's top-1
 * {@code accuracy} as a metric.
 */
public final class ClassificationLoss {
    private ClassificationLoss() {
    }

    /**
     * The loss and accuracy of a batch.
     *
     * @param logits class scores {@code [B, C]}
     * @param onehot targets {@code [B, C]}, one 1 per row
     */
    public static StepOutput crossEntropy(NDArray logits, NDArray onehot) {
        NDArray loss = logits.logSoftmax(1).mul(onehot).sum(new int[] {1}).neg().mean();
        NDArray accuracy = logits.argMax(1).eq(onehot.argMax(1)).toType(DataType.FLOAT32, false).mean();
        return new StepOutput(loss, Map.of("accuracy", accuracy));
    }
}
