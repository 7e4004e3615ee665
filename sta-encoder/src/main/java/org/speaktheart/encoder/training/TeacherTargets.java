package org.speaktheart.encoder.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.encoder.EncoderInputException;

/**
 * The teacher's numbers the encoder is distilled toward, precomputed: an image embedding per image
 * (keyed by the manifest's {@code imagePath}) and a text embedding of the English caption, looked up
 * first per record id (an English record's own caption) and then per concept id (so an Arabic record
 * finds an English text of its concept). All vectors are stored L2-normalised; the teacher itself
 * (sta-clip-teacher) only supplies the numbers.
 */
public final class TeacherTargets {
    private final int dim;
    private final Map<String, float[]> images;
    private final Map<String, float[]> englishTexts;
    private final Map<String, float[]> recordTexts;
    private final String teacherId;

    /**
     * @param teacherId identity of the teacher (stored as provenance in exported encoders)
     * @param images image embedding per image path
     * @param englishTexts English-caption text embedding per concept id
     */
    public TeacherTargets(String teacherId, Map<String, float[]> images, Map<String, float[]> englishTexts) {
        this(teacherId, images, englishTexts, Map.of());
    }

    /**
     * @param teacherId identity of the teacher (stored as provenance in exported encoders)
     * @param images image embedding per image path
     * @param englishTexts English-caption text embedding per concept id
     * @param recordTexts English-caption text embedding per record id, taking precedence (may be empty)
     */
    public TeacherTargets(String teacherId, Map<String, float[]> images, Map<String, float[]> englishTexts,
                          Map<String, float[]> recordTexts) {
        if (images.isEmpty()) {
            throw new EncoderInputException("teacher targets need at least one image embedding, got none");
        }
        this.teacherId = teacherId;
        this.dim = images.values().iterator().next().length;
        this.images = normalised(images, "image");
        this.englishTexts = normalised(englishTexts, "text");
        this.recordTexts = normalised(recordTexts, "record text");
    }

    private Map<String, float[]> normalised(Map<String, float[]> in, String what) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : in.entrySet()) {
            float[] v = e.getValue();
            if (v.length != dim) {
                throw new EncoderInputException(what + " embedding of '" + e.getKey() + "' has " + v.length
                        + " values; all teacher embeddings must have " + dim);
            }
            double n = 0;
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    throw new EncoderInputException(what + " embedding of '" + e.getKey() + "' holds " + x);
                }
                n += x * x;
            }
            if (n == 0) {
                throw new EncoderInputException(what + " embedding of '" + e.getKey() + "' is all zeros");
            }
            float[] u = new float[dim];
            for (int i = 0; i < dim; i++) {
                u[i] = (float) (v[i] / Math.sqrt(n));
            }
            out.put(e.getKey(), u);
        }
        return Map.copyOf(out);
    }

    /** Embedding dimension D. */
    public int dim() {
        return dim;
    }

    /** Identity of the teacher. */
    public String teacherId() {
        return teacherId;
    }

    /** The image embedding of a record's picture. */
    public float[] image(ManifestRecord r) {
        float[] v = images.get(r.imagePath());
        if (v == null) {
            throw new EncoderInputException("no teacher image embedding for '" + r.imagePath() + "' (record " + r.id() + ")");
        }
        return v;
    }

    /** The text embedding of the English caption of a record's concept. */
    public float[] englishText(ManifestRecord r) {
        float[] own = recordTexts.get(r.id());
        if (own != null) {
            return own;
        }
        float[] v = englishTexts.get(r.conceptId());
        if (v == null) {
            throw new EncoderInputException("no teacher English-caption embedding for concept '" + r.conceptId()
                    + "' (record " + r.id() + ")");
        }
        return v;
    }

    /** Whether both targets of a record exist. */
    public boolean covers(ManifestRecord r) {
        return images.containsKey(r.imagePath())
                && (recordTexts.containsKey(r.id()) || englishTexts.containsKey(r.conceptId()));
    }
}
