package org.speaktheart.encoder.inference;

/**
 * One clip's encoding.
 *
 * @param vector the L2-normalised embedding in the teacher's space, length D
 * @param frames the per-frame sequence {@code [frames][width]} (valid frames only), for
 *     cross-attention conditioning
 * @param language the language code the clip was declared in (or the encoder's languages joined by
 *     commas when none was declared)
 */
public record SpeechEmbedding(float[] vector, float[][] frames, String language) {

    /** Cosine similarity with another unit vector (the dot product). */
    public double dot(float[] other) {
        if (other.length != vector.length) {
            throw new IllegalArgumentException("vector of length " + other.length + " against an embedding of "
                    + vector.length);
        }
        double s = 0;
        for (int i = 0; i < vector.length; i++) {
            s += vector[i] * other[i];
        }
        return s;
    }
}
