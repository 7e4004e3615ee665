package org.speaktheart.teacher;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * An image-text model whose texts and images map to one shared embedding space; its vectors are
 * the targets of the speech encoder's distillation.
 *
 * <p>Contract for every implementation: both methods return one row per input, in input order,
 * each of length {@link #dimension()} and L2-normalised (unit length, so a dot product is a cosine
 * similarity). Inputs are processed in batches internally; calls are thread-safe. Empty lists give
 * empty results; a null element raises {@link TeacherInputException}.
 */
public interface ImageTextTeacher extends AutoCloseable {

    /** Embeds texts; {@code [texts.size()][dimension()]}, unit rows. */
    float[][] embedTexts(List<String> texts);

    /** Embeds images (any size and type; converted to RGB by the teacher's preprocessing); unit rows. */
    float[][] embedImages(List<BufferedImage> images);

    /** Length of every embedding. */
    int dimension();

    /** Short name of the teacher kind, e.g. {@code locked-text} or {@code onnx-clip}. */
    String name();

    /**
     * Version that changes whenever the embeddings could change: derived from the contract version
     * and a digest of the model files. Training records store {@link #identity()}.
     */
    String version();

    /** {@code name + "@" + version}: the key under which embeddings are cached. */
    default String identity() {
        return name() + "@" + version();
    }

    @Override
    void close();
}
