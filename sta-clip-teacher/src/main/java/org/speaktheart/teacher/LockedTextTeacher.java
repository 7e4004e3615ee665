package org.speaktheart.teacher;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.speaktheart.core.runtime.InputSpec;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;

/**
 * The default offline teacher ("locked text"): texts go through the frozen MiniLM sentence encoder
 * ({@link MiniLmTextEncoder}), images through an image tower trained by this module to match it
 * and exported in the {@link ImageTowerExport} contract. Both run on ONNX Runtime.
 *
 * <p>At load the tower's metadata must name this module's contract ({@code sta-teacher-image-tower}
 * version 1), carry its {@link ImageTowerConfig} (the preprocessing is taken from it), and name the
 * same text tower identity as the loaded MiniLM; otherwise {@link TeacherLoadException}.
 * Version: {@code <MiniLM identity>+tower-<first 16 hex of the tower file's SHA-256>}.
 */
public final class LockedTextTeacher implements ImageTextTeacher {
    /** Teacher kind. */
    public static final String NAME = "locked-text";

    private final MiniLmTextEncoder text;
    private final OnnxModel tower;
    private final ImageTowerConfig config;
    private final String version;
    private final int batchSize;

    /**
     * Loads the text tower from the classpath and the image tower from a file.
     *
     * @param towerModel ONNX file written by {@link ImageTowerExport}
     * @param runtime ONNX Runtime options for both towers
     * @param batchSize items per model call
     */
    public static LockedTextTeacher load(Path towerModel, RuntimeConfig runtime, int batchSize) {
        MiniLmTextEncoder text = new MiniLmTextEncoder(runtime);
        try {
            return new LockedTextTeacher(text, towerModel, runtime, batchSize);
        } catch (RuntimeException e) {
            text.close();
            throw e;
        }
    }

    private LockedTextTeacher(MiniLmTextEncoder text, Path towerModel, RuntimeConfig runtime, int batchSize) {
        this.text = text;
        this.batchSize = batchSize;
        try {
            this.tower = OnnxModel.load(towerModel, runtime);
        } catch (ModelLoadException e) {
            throw new TeacherLoadException("cannot load image tower " + towerModel + ": " + e.getMessage(), e);
        }
        try {
            ModelMetadata meta = ModelMetadata.fromProps(tower.customMetadata());
            if (!ImageTowerExport.MODEL_NAME.equals(meta.name()) || !ImageTowerExport.CONTRACT_VERSION.equals(meta.version())) {
                throw new TeacherLoadException(towerModel + " is '" + meta.name() + "' version " + meta.version() + "; expected '"
                        + ImageTowerExport.MODEL_NAME + "' version " + ImageTowerExport.CONTRACT_VERSION);
            }
            String trainedAgainst = meta.properties().get(ImageTowerExport.KEY_TEXT_TOWER);
            if (!text.identity().equals(trainedAgainst)) {
                throw new TeacherLoadException(towerModel + " was trained against text tower " + trainedAgainst
                        + " but the loaded text tower is " + text.identity());
            }
            this.config = ImageTowerConfig.fromJson(meta.configJson());
            InputSpec in = tower.inputs().get(ImageTowerExport.PIXEL_VALUES);
            if (in == null || !tower.outputs().containsKey(ImageTowerExport.IMAGE_EMBEDS)) {
                throw new TeacherLoadException(towerModel + " lacks input '" + ImageTowerExport.PIXEL_VALUES + "' or output '"
                        + ImageTowerExport.IMAGE_EMBEDS + "'; inputs " + tower.inputs().keySet() + ", outputs "
                        + tower.outputs().keySet());
            }
            if (config.embeddingDim() != MiniLmTextEncoder.DIMENSION) {
                throw new TeacherLoadException(towerModel + " outputs " + config.embeddingDim() + "-d embeddings; the text tower gives "
                        + MiniLmTextEncoder.DIMENSION);
            }
            this.version = text.identity() + "+tower-" + Embeddings.sha256(towerModel).substring(0, 16);
        } catch (RuntimeException e) {
            tower.close();
            throw e;
        }
    }

    /** The tower's configuration (with its preprocessing). */
    public ImageTowerConfig towerConfig() {
        return config;
    }

    @Override
    public float[][] embedTexts(List<String> texts) {
        return text.embed(texts);
    }

    @Override
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

    /** Embeds already preprocessed images, {@code [n, 3, S, S]} row-major. */
    public float[][] embedPixels(float[] pixels, int n) {
        int s = config.imageSize();
        Map<String, Tensor> r = tower.run(Map.of(ImageTowerExport.PIXEL_VALUES, Tensor.ofFloats(pixels, n, 3, s, s)));
        // The graph normalises already; normalising again in double removes float rounding drift.
        return Embeddings.normalizedRows(r.get(ImageTowerExport.IMAGE_EMBEDS).floats(), n, config.embeddingDim());
    }

    @Override
    public int dimension() {
        return MiniLmTextEncoder.DIMENSION;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void close() {
        try {
            tower.close();
        } finally {
            text.close();
        }
    }
}
