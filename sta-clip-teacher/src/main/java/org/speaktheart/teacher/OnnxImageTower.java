package org.speaktheart.teacher;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.runtime.InputSpec;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;

/**
 * The image half of the teacher on ONNX Runtime: an image tower exported in the {@link ImageTowerExport}
 * contract, loaded without its text tower. Images (any size and type) become unit-length
 * {@code embeddingDim}-d rows in the teacher's shared space, so their dot product with a teacher text
 * embedding, or with a speech embedding distilled from the teacher, is a cosine similarity.
 *
 * <p>At load the model's metadata must name the contract ({@code sta-teacher-image-tower} version 1) and
 * carry its {@link ImageTowerConfig} (the preprocessing is taken from it), and the graph must have the
 * contract's input and output; otherwise {@link TeacherLoadException}. Thread-safe; owns an ONNX Runtime
 * session: close it.
 */
public final class OnnxImageTower implements AutoCloseable {
    private final OnnxModel model;
    private final ImageTowerConfig config;
    private final String textTower;
    private final String sha256;
    private final int batchSize;

    private OnnxImageTower(OnnxModel model, ImageTowerConfig config, String textTower, String sha256, int batchSize) {
        this.model = model;
        this.config = config;
        this.textTower = textTower;
        this.sha256 = sha256;
        this.batchSize = batchSize;
    }

    /**
     * Loads and checks a tower.
     *
     * @param file ONNX file written by {@link ImageTowerExport}
     * @param runtime ONNX Runtime options
     * @param batchSize images per model call, at least 1
     * @throws TeacherLoadException when the file is not a readable tower of this contract
     */
    public static OnnxImageTower load(Path file, RuntimeConfig runtime, int batchSize) {
        if (batchSize < 1) {
            throw new TeacherInputException("batchSize must be >= 1, got " + batchSize);
        }
        OnnxModel model;
        try {
            model = OnnxModel.load(file, runtime);
        } catch (ModelLoadException e) {
            throw new TeacherLoadException("cannot load image tower " + file + ": " + e.getMessage(), e);
        }
        try {
            ModelMetadata meta = ModelMetadata.fromProps(model.customMetadata());
            if (!ImageTowerExport.MODEL_NAME.equals(meta.name()) || !ImageTowerExport.CONTRACT_VERSION.equals(meta.version())) {
                throw new TeacherLoadException(file + " is '" + meta.name() + "' version " + meta.version() + "; expected '"
                        + ImageTowerExport.MODEL_NAME + "' version " + ImageTowerExport.CONTRACT_VERSION);
            }
            InputSpec in = model.inputs().get(ImageTowerExport.PIXEL_VALUES);
            if (in == null || !model.outputs().containsKey(ImageTowerExport.IMAGE_EMBEDS)) {
                throw new TeacherLoadException(file + " lacks input '" + ImageTowerExport.PIXEL_VALUES + "' or output '"
                        + ImageTowerExport.IMAGE_EMBEDS + "'; inputs " + model.inputs().keySet() + ", outputs "
                        + model.outputs().keySet());
            }
            ImageTowerConfig config = ImageTowerConfig.fromJson(meta.configJson());
            return new OnnxImageTower(model, config, meta.properties().get(ImageTowerExport.KEY_TEXT_TOWER),
                    Embeddings.sha256(file), batchSize);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The tower's configuration (with its preprocessing). */
    public ImageTowerConfig config() {
        return config;
    }

    /** Length of every embedding. */
    public int dimension() {
        return config.embeddingDim();
    }

    /** Identity of the frozen text tower the tower was trained against (from its metadata), or null. */
    public String textTower() {
        return textTower;
    }

    /** SHA-256 (hex) of the model file. */
    public String sha256() {
        return sha256;
    }

    /** Embeds images (converted to RGB by the tower's preprocessing); {@code [images.size()][dimension()]}, unit rows. */
    public float[][] embedImages(List<BufferedImage> images) {
        ImagePreprocessing pre = config.preprocessing();
        float[][] out = new float[images.size()][];
        for (int start = 0; start < images.size(); start += batchSize) {
            List<BufferedImage> chunk = images.subList(start, Math.min(images.size(), start + batchSize));
            float[][] e = embedPixels(pre.applyBatch(chunk), chunk.size());
            System.arraycopy(e, 0, out, start, e.length);
        }
        return out;
    }

    /** Embeds already preprocessed images, {@code [n, 3, S, S]} row-major; unit rows. */
    public float[][] embedPixels(float[] pixels, int n) {
        int s = config.imageSize();
        Map<String, Tensor> r = model.run(Map.of(ImageTowerExport.PIXEL_VALUES, Tensor.ofFloats(pixels, n, 3, s, s)));
        // The graph normalises already; normalising again in double removes float rounding drift.
        return Embeddings.normalizedRows(r.get(ImageTowerExport.IMAGE_EMBEDS).floats(), n, config.embeddingDim());
    }

    @Override
    public void close() {
        model.close();
    }
}
