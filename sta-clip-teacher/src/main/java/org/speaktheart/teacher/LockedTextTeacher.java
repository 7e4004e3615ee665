package org.speaktheart.teacher;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.speaktheart.core.runtime.RuntimeConfig;

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
    private final OnnxImageTower tower;
    private final String version;

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
        this.tower = OnnxImageTower.load(towerModel, runtime, batchSize);
        try {
            if (!text.identity().equals(tower.textTower())) {
                throw new TeacherLoadException(towerModel + " was trained against text tower " + tower.textTower()
                        + " but the loaded text tower is " + text.identity());
            }
            if (tower.dimension() != MiniLmTextEncoder.DIMENSION) {
                throw new TeacherLoadException(towerModel + " outputs " + tower.dimension() + "-d embeddings; the text tower gives "
                        + MiniLmTextEncoder.DIMENSION);
            }
            this.version = text.identity() + "+tower-" + tower.sha256().substring(0, 16);
        } catch (RuntimeException e) {
            tower.close();
            throw e;
        }
    }

    /** The tower's configuration (with its preprocessing). */
    public ImageTowerConfig towerConfig() {
        return tower.config();
    }

    @Override
    public float[][] embedTexts(List<String> texts) {
        return text.embed(texts);
    }

    @Override
    public float[][] embedImages(List<BufferedImage> images) {
        return tower.embedImages(images);
    }

    /** Embeds already preprocessed images, {@code [n, 3, S, S]} row-major. */
    public float[][] embedPixels(float[] pixels, int n) {
        return tower.embedPixels(pixels, n);
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
