package org.speaktheart.teacher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * An image tower held in DJL (PyTorch engine) after or during training: embeds preprocessed images
 * and exports itself as ONNX. Owns the native memory of its weights: close it.
 */
public final class TrainedImageTower implements AutoCloseable {
    private final NDManager manager;
    private final ContrastiveImageModel model;
    private final boolean owner;

    TrainedImageTower(NDManager manager, ContrastiveImageModel model, boolean owner) {
        this.manager = manager;
        this.model = model;
        this.owner = owner;
    }

    /** The trained model (tower and temperature). */
    public ContrastiveImageModel model() {
        return model;
    }

    /** The tower's configuration. */
    public ImageTowerConfig config() {
        return model.tower().config();
    }

    /**
     * Embeds preprocessed images in inference mode.
     *
     * @param pixels {@code [N][3 * S * S]}
     * @param batchSize images per forward pass
     * @return {@code [N][D]} unit rows
     */
    public float[][] embed(float[][] pixels, int batchSize) {
        int s = config().imageSize();
        int values = 3 * s * s;
        int d = config().embeddingDim();
        float[][] out = new float[pixels.length][];
        for (int start = 0; start < pixels.length; start += batchSize) {
            int n = Math.min(batchSize, pixels.length - start);
            float[] flat = new float[n * values];
            for (int i = 0; i < n; i++) {
                if (pixels[start + i].length != values) {
                    throw new TeacherInputException("image " + (start + i) + " has " + pixels[start + i].length
                            + " values; expected " + values);
                }
                System.arraycopy(pixels[start + i], 0, flat, i * values, values);
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(flat, new Shape(n, 3, s, s));
                float[] e = model.tower().forward(new ParameterStore(step, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray(); // [n, D]
                for (int i = 0; i < n; i++) {
                    out[start + i] = new float[d];
                    System.arraycopy(e, i * d, out[start + i], 0, d);
                }
            }
        }
        return out;
    }

    /**
     * Writes the tower in the {@link ImageTowerExport} contract (atomically).
     *
     * @param textTower identity of the frozen text tower
     * @param provenance extra metadata
     */
    public void export(Path file, String textTower, Map<String, String> provenance) {
        ImageTowerExport.write(model.tower(), textTower, provenance, file);
    }

    @Override
    public void close() {
        if (owner) {
            manager.close();
        }
    }
}
