package org.speaktheart.teacher;

/**
 * Zero-shot retrieval between images and concepts by cosine similarity of unit embeddings.
 *
 * <ul>
 * <li>image -> concept: each image ranks all concepts (their text embeddings); R@k is the fraction
 *   of images whose own concept is among the first k.</li>
 * <li>concept -> image: each concept that has at least one image ranks all images; R@k is the
 *   fraction of those concepts with at least one of their images among the first k.</li>
 * </ul>
 * Ties count against the query (the rank is the number of wrong candidates scoring {@code >=} the
 * best right one), so a collapsed model scores 0, not 1.
 */
public final class ZeroShotRetrieval {
    private ZeroShotRetrieval() {
    }

    /**
     * @param images {@code [N][D]} unit image embeddings
     * @param imageConcepts {@code [N]} concept index of each image
     * @param concepts {@code [C][D]} unit concept (text) embeddings
     */
    public static RetrievalResult evaluate(float[][] images, int[] imageConcepts, float[][] concepts) {
        if (images.length == 0 || images.length != imageConcepts.length) {
            throw new TeacherInputException("need as many concept labels as images (> 0), got " + images.length + " and "
                    + imageConcepts.length);
        }
        int n = images.length;
        int c = concepts.length;
        double[][] s = new double[n][c];
        boolean[] hasImage = new boolean[c];
        for (int i = 0; i < n; i++) {
            if (imageConcepts[i] < 0 || imageConcepts[i] >= c) {
                throw new TeacherInputException("image " + i + " has concept " + imageConcepts[i] + "; accepted 0.." + (c - 1));
            }
            hasImage[imageConcepts[i]] = true;
            for (int j = 0; j < c; j++) {
                s[i][j] = Embeddings.dot(images[i], concepts[j]);
            }
        }
        int i2c1 = 0;
        int i2c5 = 0;
        for (int i = 0; i < n; i++) {
            double own = s[i][imageConcepts[i]];
            int rank = 0;
            for (int j = 0; j < c; j++) {
                if (j != imageConcepts[i] && s[i][j] >= own) {
                    rank++;
                }
            }
            i2c1 += rank < 1 ? 1 : 0;
            i2c5 += rank < 5 ? 1 : 0;
        }
        int queries = 0;
        int c2i1 = 0;
        int c2i5 = 0;
        for (int j = 0; j < c; j++) {
            if (!hasImage[j]) {
                continue;
            }
            queries++;
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (imageConcepts[i] == j) {
                    best = Math.max(best, s[i][j]);
                }
            }
            int rank = 0;
            for (int i = 0; i < n; i++) {
                if (imageConcepts[i] != j && s[i][j] >= best) {
                    rank++;
                }
            }
            c2i1 += rank < 1 ? 1 : 0;
            c2i5 += rank < 5 ? 1 : 0;
        }
        int[] imagesOf = new int[c];
        for (int concept : imageConcepts) {
            imagesOf[concept]++;
        }
        double chanceC2i1 = 0;
        double chanceC2i5 = 0;
        for (int j = 0; j < c; j++) {
            if (imagesOf[j] > 0) {
                chanceC2i1 += chanceOfOneInTopK(n, imagesOf[j], 1);
                chanceC2i5 += chanceOfOneInTopK(n, imagesOf[j], 5);
            }
        }
        return new RetrievalResult(n, c, queries, (double) i2c1 / n, (double) i2c5 / n, (double) c2i1 / queries,
                (double) c2i5 / queries, 1.0 / c, Math.min(5, c) / (double) c, chanceC2i1 / queries, chanceC2i5 / queries);
    }

    /**
     * Probability that a uniformly random ranking of {@code n} items puts at least one of {@code m} right ones among
     * the first {@code k}: {@code 1 - C(n-m, k) / C(n, k) = 1 - prod_{i<k} (n-m-i)/(n-i)}.
     */
    static double chanceOfOneInTopK(int n, int m, int k) {
        double none = 1;
        for (int i = 0; i < Math.min(k, n); i++) {
            none *= Math.max(0, n - m - i) / (double) (n - i);
        }
        return 1 - none;
    }

    /**
     * Retrieval figures, with what a uniformly random ranking would score.
     *
     * @param images number of images
     * @param concepts number of candidate concepts
     * @param conceptQueries concepts that had images (the concept -> image queries)
     * @param imageToConceptR1 fraction of images whose concept ranks first
     * @param imageToConceptR5 ... in the top 5
     * @param conceptToImageR1 fraction of concept queries whose first image is theirs
     * @param conceptToImageR5 ... one of theirs in the top 5
     * @param chanceImageToConceptR1 R@1 of a random concept ranking: {@code 1 / concepts}
     * @param chanceImageToConceptR5 {@code min(5, concepts) / concepts}
     * @param chanceConceptToImageR1 mean over concept queries of {@code m / images} ({@code m} = images of the concept)
     * @param chanceConceptToImageR5 mean over concept queries of {@code 1 - C(images - m, 5) / C(images, 5)}
     */
    public record RetrievalResult(int images, int concepts, int conceptQueries, double imageToConceptR1,
                                  double imageToConceptR5, double conceptToImageR1, double conceptToImageR5,
                                  double chanceImageToConceptR1, double chanceImageToConceptR5,
                                  double chanceConceptToImageR1, double chanceConceptToImageR5) {

        /** Image -> concept R@1 as a multiple of chance. */
        public double imageToConceptR1OverChance() {
            return imageToConceptR1 / chanceImageToConceptR1;
        }

        /** Concept -> image R@1 as a multiple of chance. */
        public double conceptToImageR1OverChance() {
            return conceptToImageR1 / chanceConceptToImageR1;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "images %d, concepts %d: image->concept R@1 %.4f R@5 %.4f (chance R@1 %.4f, x%.1f); "
                            + "concept->image R@1 %.4f R@5 %.4f (chance R@1 %.4f, x%.1f)",
                    images, concepts, imageToConceptR1, imageToConceptR5, chanceImageToConceptR1, imageToConceptR1OverChance(),
                    conceptToImageR1, conceptToImageR5, chanceConceptToImageR1, conceptToImageR1OverChance());
        }
    }
}
