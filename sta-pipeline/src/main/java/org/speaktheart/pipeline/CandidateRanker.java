package org.speaktheart.pipeline;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.pipeline.bundle.BundleException;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.teacher.OnnxImageTower;
import org.speaktheart.teacher.TeacherException;

/**
 * Best-of-K selection of generated images: scores each candidate by the cosine between its image
 * embedding and the ranking target (the condition it was generated from, or its caption-prior mapping).
 * The target lives in the teacher's space (a speech embedding distilled from the teacher, its
 * caption-prior mapping, or a teacher text embedding), so the image tower must embed into that space:
 * the teacher's own ({@link ModelBundle#TEACHER_IMAGE_TOWER}) or a ranker tower trained against the
 * same locked text tower ({@link ModelBundle#RANKER_IMAGE_TOWER}, preferred when a bundle has one).
 * Ranking costs K generations per image; the teacher's own retrieval figures of ranked images are no
 * longer independent of the generator (the judge's still are).
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
     * Loads an image tower (the teacher's, or a ranker tower of its space) that scores candidates.
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

    /** Identity of the locked text tower the image tower was trained against (from its metadata), or null. */
    public String textTower() {
        return tower.textTower();
    }

    /**
     * The bundle role whose tower ranks candidates: {@link ModelBundle#RANKER_IMAGE_TOWER} when the bundle
     * has one, else {@link ModelBundle#TEACHER_IMAGE_TOWER}; null when it has neither.
     */
    public static String towerRole(ModelBundle bundle) {
        return bundle.has(ModelBundle.RANKER_IMAGE_TOWER) ? ModelBundle.RANKER_IMAGE_TOWER
                : bundle.has(ModelBundle.TEACHER_IMAGE_TOWER) ? ModelBundle.TEACHER_IMAGE_TOWER : null;
    }

    /**
     * Loads the tower a bundle ranks with ({@link #towerRole}), or returns null when it has none.
     *
     * @throws BundleException when the tower cannot be loaded, does not embed into {@code conditionDim}
     *     dimensions, or is a ranker tower trained against another text tower than the bundle's teacher
     */
    static CandidateRanker load(ModelBundle bundle, RuntimeConfig runtime, int conditionDim) {
        String role = towerRole(bundle);
        if (role == null) {
            return null;
        }
        String what = "bundle " + bundle.source() + ": ";
        CandidateRanker r = open(bundle.component(role), runtime, what, "the '" + role + "' component");
        try {
            Path teacher = role.equals(ModelBundle.RANKER_IMAGE_TOWER) && bundle.has(ModelBundle.TEACHER_IMAGE_TOWER)
                    ? bundle.component(ModelBundle.TEACHER_IMAGE_TOWER) : null;
            checkFits(r, conditionDim, teacher, runtime, what);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /**
     * Checks that an image tower file can rank for a generator of condition width {@code conditionDim}
     * in the space of the teacher tower {@code teacherTower} (null: no text-space check).
     *
     * @param what prefix of the refusal's message (e.g. "cannot retune bundle x: ")
     * @throws BundleException naming what does not fit
     */
    static void checkRankerTower(Path file, int conditionDim, Path teacherTower, String what) {
        try (CandidateRanker r = open(file, RuntimeConfig.defaults(), what, file.toString())) {
            checkFits(r, conditionDim, teacherTower, RuntimeConfig.defaults(), what);
        }
    }

    private static CandidateRanker open(Path file, RuntimeConfig runtime, String what, String name) {
        try {
            return load(file, runtime);
        } catch (TeacherException e) {
            throw new BundleException(what + "cannot load " + name + " as an image tower: " + e.getMessage(), e);
        }
    }

    private static void checkFits(CandidateRanker r, int conditionDim, Path teacherTower, RuntimeConfig runtime, String what) {
        if (r.dimension() != conditionDim) {
            throw new BundleException(what + "the ranking image tower embeds into " + r.dimension()
                    + " dimensions but the denoiser is conditioned on " + conditionDim + "-d vectors");
        }
        if (teacherTower != null) {
            try (OnnxImageTower t = OnnxImageTower.load(teacherTower, runtime, 1)) {
                if (!Objects.equals(t.textTower(), r.textTower())) {
                    throw new BundleException(what + "the ranker image tower was trained against text tower " + r.textTower()
                            + " but the teacher's image tower against " + t.textTower() + "; a ranker must share the teacher's space");
                }
            }
        }
    }

    /**
     * The cosine between each image's embedding and the ranking target, in image order; in [-1, 1].
     *
     * @param condition the ranking target (the condition, or another vector of the teacher's space), of
     *     length {@link #dimension()} (need not be unit length; not all zero)
     * @throws PipelineInputException for a condition of the wrong width or of zero length
     */
    public double[] scores(float[] condition, List<BufferedImage> images) {
        if (condition.length != tower.dimension()) {
            throw new PipelineInputException("condition has " + condition.length + " values; the ranking tower embeds into "
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
