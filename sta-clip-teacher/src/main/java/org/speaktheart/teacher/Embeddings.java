package org.speaktheart.teacher;

import java.io.IOException;
import java.nio.file.Path;
import org.speaktheart.core.io.Sha256;

/** Small vector helpers shared by the teachers and the metrics: normalisation, dot products, digests. */
public final class Embeddings {
    private Embeddings() {
    }

    /** Returns {@code v / |v|} (a new array); a zero vector stays zero. */
    public static float[] normalize(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        float[] out = new float[v.length];
        if (s == 0) {
            return out;
        }
        double inv = 1.0 / Math.sqrt(s);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }

    /** Dot product of two vectors of equal length, accumulated in double. */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new TeacherInputException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** Cosine similarity of two vectors (0 when either is zero). */
    public static double cosine(float[] a, float[] b) {
        double na = Math.sqrt(dot(a, a));
        double nb = Math.sqrt(dot(b, b));
        return na == 0 || nb == 0 ? 0 : dot(a, b) / (na * nb);
    }

    /** Rows of {@code [rows, dim]} data as separate unit vectors. */
    static float[][] normalizedRows(float[] data, int rows, int dim) {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            float[] row = new float[dim];
            System.arraycopy(data, r * dim, row, 0, dim);
            out[r] = normalize(row);
        }
        return out;
    }

    /** Lower-case hex SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    /** Lower-case hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) {
        try {
            return Sha256.hex(file);
        } catch (IOException e) {
            throw new TeacherLoadException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
