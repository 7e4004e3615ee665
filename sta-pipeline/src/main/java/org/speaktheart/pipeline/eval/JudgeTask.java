package org.speaktheart.pipeline.eval;

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
 * The harness task of the judge: each step draws {@code batchSize} training pictures uniformly with
 * replacement, augments them (a random translation by up to {@code maxShift} pixels filled with the
 * top-left pixel, i.e. the background, and a random contrast {@code a in [1-j, 1+j]} and brightness
 * {@code b in [-j, j]}: {@code x' = a x + b}), and computes the mean cross-entropy
 * {@code -log softmax(logits)[label]}. Metric: {@code accuracy} of the batch.
 */
final class JudgeTask implements TrainingTask {
    private final JudgeNetwork network;
    private final float[][] pixels;
    private final int[] labels;
    private final int batchSize;
    private final int maxShift;
    private final float jitter;

    JudgeTask(JudgeNetwork network, float[][] pixels, int[] labels, int batchSize, int maxShift, float jitter) {
        this.network = network;
        this.pixels = pixels;
        this.labels = labels;
        this.batchSize = batchSize;
        this.maxShift = maxShift;
        this.jitter = jitter;
    }

    @Override
    public NDList batch(long step, SplittableRandom random, NDManager manager) {
        int s = network.config().imageSize();
        int classes = network.config().classes();
        int values = 3 * s * s;
        float[] x = new float[batchSize * values];
        float[] onehot = new float[batchSize * classes];
        for (int b = 0; b < batchSize; b++) {
            int i = random.nextInt(pixels.length);
            float[] src = pixels[i];
            float a = jitter == 0 ? 1f : (float) random.nextDouble(1 - jitter, 1 + jitter);
            float shift = jitter == 0 ? 0f : (float) random.nextDouble(-jitter, jitter);
            int dx = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
            int dy = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
            int base = b * values;
            for (int c = 0; c < 3; c++) {
                float fill = src[c * s * s];
                for (int y = 0; y < s; y++) {
                    int sy = y - dy;
                    for (int xx = 0; xx < s; xx++) {
                        int sx = xx - dx;
                        float v = sy < 0 || sy >= s || sx < 0 || sx >= s ? fill : src[c * s * s + sy * s + sx];
                        x[base + c * s * s + y * s + xx] = a * v + shift;
                    }
                }
            }
            onehot[b * classes + labels[i]] = 1f;
        }
        return new NDList(manager.create(x, new Shape(batchSize, 3, s, s)), manager.create(onehot, new Shape(batchSize, classes)));
    }

    @Override
    public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
        NDArray logits = network.forward(parameters, new NDList(batch.get(0)), training).singletonOrThrow(); // [B, C]
        return ClassificationLoss.crossEntropy(logits, batch.get(1));
    }
}
