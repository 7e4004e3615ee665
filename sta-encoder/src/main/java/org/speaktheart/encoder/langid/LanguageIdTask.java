package org.speaktheart.encoder.langid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.speaktheart.core.train.ClassificationLoss;
import org.speaktheart.core.train.StepOutput;
import org.speaktheart.core.train.TrainingTask;

/**
 * The harness task of the language identifier: each step draws {@code batchSize} clips
 * language-balanced (a language uniformly, then one of its clips uniformly, with replacement), so the
 * classifier learns no prior from unequal clip counts, and computes the mean cross-entropy of the
 * logits. Metric: {@code accuracy} of the batch.
 */
final class LanguageIdTask implements TrainingTask {
    private final LanguageIdNetwork network;
    private final float[][] features;
    private final int[][] byLanguage;
    private final int batchSize;

    /**
     * @param features pooled frames per clip, {@code [N][F]}
     * @param byLanguage clip indices per class
     */
    LanguageIdTask(LanguageIdNetwork network, float[][] features, int[][] byLanguage, int batchSize) {
        this.network = network;
        this.features = features;
        this.byLanguage = byLanguage;
        this.batchSize = batchSize;
    }

    @Override
    public NDList batch(long step, SplittableRandom random, NDManager manager) {
        int f = network.featureDim();
        int classes = byLanguage.length;
        float[] x = new float[batchSize * f];
        float[] onehot = new float[batchSize * classes];
        for (int b = 0; b < batchSize; b++) {
            int label = random.nextInt(classes);
            int[] clips = byLanguage[label];
            System.arraycopy(features[clips[random.nextInt(clips.length)]], 0, x, b * f, f);
            onehot[b * classes + label] = 1f;
        }
        return new NDList(manager.create(x, new Shape(batchSize, f)), manager.create(onehot, new Shape(batchSize, classes)));
    }

    @Override
    public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
        NDArray logits = network.forward(parameters, new NDList(batch.get(0)), training).singletonOrThrow(); // [B, L]
        return ClassificationLoss.crossEntropy(logits, batch.get(1));
    }
}
