package org.speaktheart.teacher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.SplittableRandom;
import org.speaktheart.core.train.StepOutput;
import org.speaktheart.core.train.TrainingTask;

/**
 * The harness task of the image tower: each step draws {@code batchSize} distinct concepts (so no
 * caption appears twice in a batch), one random image of each, applies the augmentation, and
 * computes the symmetric InfoNCE loss ({@link ContrastiveLoss}) between the tower's embeddings and
 * the frozen text embeddings of those concepts at the model's learnable scale.
 *
 * <p>Augmentation (on the preprocessed pixels): a random translation by up to {@code maxShift}
 * pixels on each axis (uncovered pixels take the value of the source's top-left pixel, the
 * background for emoji-like pictures), a horizontal flip with probability 1/2 when enabled, and a
 * per-image random contrast {@code a in [1 - j, 1 + j]} and brightness {@code b in [-j, j]},
 * {@code x' = a x + b}, with j the jitter. Metrics: {@code scale}, the
 * current {@code exp(logit_scale)}.
 */
public final class ImageTowerTask implements TrainingTask {
    private final ContrastiveImageModel model;
    private final ContrastiveDataset data;
    private final int batchSize;
    private final boolean flip;
    private final float jitter;
    private final int maxShift;
    private final int[][] byConcept;
    private final int[] usableConcepts;

    /**
     * @param model the model being trained
     * @param data the training images and frozen concept embeddings
     * @param batchSize concepts per step (at most the number of concepts with images)
     * @param flip whether to flip images horizontally at random
     * @param jitter contrast/brightness jitter amplitude (0 disables)
     * @param maxShift largest translation in pixels (0 disables)
     */
    public ImageTowerTask(ContrastiveImageModel model, ContrastiveDataset data, int batchSize, boolean flip, float jitter,
                          int maxShift) {
        this.model = model;
        this.data = data;
        this.byConcept = data.imagesByConcept();
        this.usableConcepts = java.util.stream.IntStream.range(0, byConcept.length).filter(c -> byConcept[c].length > 0).toArray();
        if (batchSize < 2 || batchSize > usableConcepts.length) {
            throw new TeacherInputException("batchSize must be in [2, " + usableConcepts.length
                    + "] (concepts that have images), got " + batchSize);
        }
        if (!(jitter >= 0) || jitter >= 1) {
            throw new TeacherInputException("jitter must be in [0, 1), got " + jitter);
        }
        if (data.dimension() != model.tower().config().embeddingDim()) {
            throw new TeacherInputException("concept embeddings have dimension " + data.dimension() + " but the tower outputs "
                    + model.tower().config().embeddingDim());
        }
        if (maxShift < 0 || maxShift >= data.imageSize()) {
            throw new TeacherInputException("maxShift must be in [0, " + data.imageSize() + "), got " + maxShift);
        }
        this.maxShift = maxShift;
        this.batchSize = batchSize;
        this.flip = flip;
        this.jitter = jitter;
    }

    @Override
    public NDList batch(long step, SplittableRandom random, NDManager manager) {
        int s = data.imageSize();
        int values = 3 * s * s;
        int[] order = usableConcepts.clone();
        float[] pixels = new float[batchSize * values];
        float[] texts = new float[batchSize * data.dimension()];
        for (int b = 0; b < batchSize; b++) {
            int pick = b + random.nextInt(order.length - b); // partial Fisher-Yates: distinct concepts
            int concept = order[pick];
            order[pick] = order[b];
            order[b] = concept;
            int[] images = byConcept[concept];
            float[] src = data.pixels()[images[random.nextInt(images.length)]];
            boolean mirror = flip && random.nextBoolean();
            float a = jitter == 0 ? 1f : (float) random.nextDouble(1 - jitter, 1 + jitter);
            float shift = jitter == 0 ? 0f : (float) random.nextDouble(-jitter, jitter);
            int dx = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
            int dy = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
            int base = b * values;
            for (int c = 0; c < 3; c++) {
                float fill = src[c * s * s];
                for (int y = 0; y < s; y++) {
                    int sy = y - dy;
                    for (int x = 0; x < s; x++) {
                        int sx = (mirror ? s - 1 - x : x) - dx;
                        float v = sy < 0 || sy >= s || sx < 0 || sx >= s ? fill : src[c * s * s + sy * s + sx];
                        pixels[base + c * s * s + y * s + x] = a * v + shift;
                    }
                }
            }
            System.arraycopy(data.conceptEmbeddings()[concept], 0, texts, b * data.dimension(), data.dimension());
        }
        return new NDList(manager.create(pixels, new Shape(batchSize, 3, s, s)),
                manager.create(texts, new Shape(batchSize, data.dimension())));
    }

    @Override
    public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
        NDList out = model.forward(parameters, new NDList(batch.get(0)), training);
        NDArray scale = out.get(1);
        NDArray loss = ContrastiveLoss.loss(out.get(0), batch.get(1), scale);
        return new StepOutput(loss, Map.of("scale", scale.reshape(new Shape())));
    }
}
