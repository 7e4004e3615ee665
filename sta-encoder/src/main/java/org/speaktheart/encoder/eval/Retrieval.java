package org.speaktheart.encoder.eval;

import org.speaktheart.encoder.EncoderInputException;

/**
 * Recall@K of query -> gallery retrieval by dot product (cosine for unit vectors): for query q with
 * correct gallery item {@code truth[q]}, its rank is 1 + the number of gallery items scoring strictly
 * higher; R@K is the fraction of queries ranked within K.
 */
public final class Retrieval {
    private Retrieval() {
    }

    /**
     * Recall at 1, 5 and 10.
     *
     * @param queries {@code [Q][D]}
     * @param truth index into the gallery per query
     * @param gallery {@code [G][D]}
     */
    public static RetrievalResult recall(float[][] queries, int[] truth, float[][] gallery) {
        if (queries.length == 0 || queries.length != truth.length || gallery.length == 0) {
            throw new EncoderInputException("retrieval needs queries with one truth index each and a gallery; got "
                    + queries.length + " queries, " + truth.length + " truths, " + gallery.length + " gallery items");
        }
        int r1 = 0;
        int r5 = 0;
        int r10 = 0;
        for (int q = 0; q < queries.length; q++) {
            if (truth[q] < 0 || truth[q] >= gallery.length) {
                throw new EncoderInputException("truth index " + truth[q] + " outside the gallery 0.." + (gallery.length - 1));
            }
            double correct = dot(queries[q], gallery[truth[q]]);
            int rank = 1;
            for (int g = 0; g < gallery.length; g++) {
                if (g != truth[q] && dot(queries[q], gallery[g]) > correct) {
                    rank++;
                }
            }
            r1 += rank <= 1 ? 1 : 0;
            r5 += rank <= 5 ? 1 : 0;
            r10 += rank <= 10 ? 1 : 0;
        }
        double n = queries.length;
        return new RetrievalResult(queries.length, gallery.length, r1 / n, r5 / n, r10 / n);
    }

    private static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new EncoderInputException("vectors of length " + a.length + " and " + b.length + " cannot be compared");
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
