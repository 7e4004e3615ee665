package org.speaktheart.pipeline.eval;

/**
 * Rank of the right class among scores, ties counted against it: the number of other classes
 * scoring {@code >=} the right one. Top-k is correct when the rank is below k; a constant scorer
 * therefore has rank C - 1, never 0.
 */
final class TopK {
    private TopK() {
    }

    static int rank(float[] scores, int right) {
        float own = scores[right];
        int rank = 0;
        for (int j = 0; j < scores.length; j++) {
            if (j != right && scores[j] >= own) {
                rank++;
            }
        }
        return rank;
    }

    static int rank(double[] scores, int right) {
        double own = scores[right];
        int rank = 0;
        for (int j = 0; j < scores.length; j++) {
            if (j != right && scores[j] >= own) {
                rank++;
            }
        }
        return rank;
    }
}
