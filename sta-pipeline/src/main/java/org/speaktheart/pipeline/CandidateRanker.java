package org.speaktheart.pipeline;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.teacher.OnnxImageTower;
import org.speaktheart.teacher.TeacherException;

/**
 * Best-of-K selection of generated images: scores each candidate by the cosine between its teacher
 * image embedding and the condition it was generated from. The condition lives in the teacher's space
 * (a speech embedding distilled from the teacher, its caption-prior mapping, or a teacher text
 * embedding), so the score says how well the picture matches what was asked for by the very model the
 * speech encoder learnt from. Ranking costs K generations per image; the teacher's own retrieval
 * figures of ranked images are no longer independent of the generator (the judge's still are).
 *
 * <p>Thread-safe; owns the tower's ONNX Runtime session: close it.
 */
public final class CandidateRanker implements AutoCloseable {
    private static final int BATCH = 16;

    private final OnnxImageTower tower;

    private CandidateRanker(OnnxImageTower tower) {
        this.tower = tower;
    }

    /**
     * Loads the teacher image tower that scores candidates.
     *
     * @throws TeacherException when the file is not a teacher image tower
     */
    public static CandidateRanker load(Path imageTower, RuntimeConfig runtime) {
        return new CandidateRanker(OnnxImageTower.load(imageTower, runtime, BATCH));
    }

    /** Width of the conditions this ranker compares with (the teacher's embedding width). */
    public int dimension() {
        return tower.dimension();
    }

    /**
     * The cosine between each image's teacher embedding and the condition, in image order; in [-1, 1].
     *
     * @param condition a vector of length {@link #dimension()} (need not be unit length; not all zero)
     * @throws PipelineInputException for a condition of the wrong width or of zero length
     */
    public double[] scores(float[] condition, List<BufferedImage> images) {
        if (condition.length != tower.dimension()) {
            throw new PipelineInputException("condition has " + condition.length + " values; the ranker's teacher embeds into "
                    + tower.dimension());
        }
        double norm = 0;
        for (float v : condition) {
            norm += (double) v * v;
        }
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new PipelineInputException("cannot rank against a condition of length " + Math.sqrt(norm));
        }
        norm = Math.sqrt(norm);
        float[][] e = tower.embedImages(images);
        double[] out = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            double dot = 0;
            for (int d = 0; d < condition.length; d++) {
                dot += (double) condition[d] * e[i][d];
            }
            out[i] = dot / norm;
        }
        return out;
    }

    @Override
    public void close() {
        tower.close();
    }
}
