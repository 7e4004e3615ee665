package org.speaktheart.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZeroShotRetrievalTest {

    private static float[] unit(double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Embeddings.normalize(f);
    }

    @Test
    void handWorkedExample() {
        // Concepts on the axes of R^3; images 0,1 of concept 0, image 2 of concept 1 (but closer to 2).
        float[][] concepts = {unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)};
        float[][] images = {unit(0.9, 0.1, 0), unit(0.2, 0.8, 0), unit(0, 0.4, 0.6)};
        int[] labels = {0, 0, 1};
        ZeroShotRetrieval.RetrievalResult r = ZeroShotRetrieval.evaluate(images, labels, concepts);
        // image->concept: image 0 ranks concept 0 first (hit); image 1 ranks 1 first (miss); image 2 ranks 2 first (miss).
        assertEquals(1.0 / 3, r.imageToConceptR1(), 1e-12);
        assertEquals(1.0, r.imageToConceptR5(), 1e-12);
        // concept->image: concept 0's best image is image 0 (score 0.99); concept 1 ranks image 1 (0.97) above image 2 (0.55).
        assertEquals(2, r.conceptQueries());
        assertEquals(0.5, r.conceptToImageR1(), 1e-12);
        assertEquals(1.0, r.conceptToImageR5(), 1e-12);
        assertEquals(1.0, r.imageToConceptR1OverChance(), 1e-12); // (1/3) / chance (1/3)
        assertEquals(1.0 / 3, r.chanceImageToConceptR1(), 1e-12);
        assertEquals(1.0, r.chanceImageToConceptR5(), 1e-12); // only 3 candidates: all are in the top 5
        // concept 0 owns 2 of 3 images, concept 1 owns 1: a random first image is theirs with 2/3 and 1/3.
        assertEquals(0.5, r.chanceConceptToImageR1(), 1e-12);
        assertEquals(1.0, r.chanceConceptToImageR5(), 1e-12);
        assertEquals(1.0, r.conceptToImageR1OverChance(), 1e-12);
    }

    @Test
    void chanceOfOneInTopKMatchesEnumerationOfAllRankings() {
        // n items, the right ones are 0..m-1; count the orderings (as index permutations) with a right one in the first k.
        for (int[] nmk : new int[][] {{6, 2, 3}, {7, 1, 1}, {5, 3, 5}, {6, 1, 5}, {4, 4, 1}}) {
            int n = nmk[0];
            int m = nmk[1];
            int k = nmk[2];
            int[] hits = new int[1];
            int[] total = new int[1];
            permute(new int[n], new boolean[n], 0, perm -> {
                total[0]++;
                for (int i = 0; i < Math.min(k, n); i++) {
                    if (perm[i] < m) {
                        hits[0]++;
                        return;
                    }
                }
            });
            assertEquals((double) hits[0] / total[0], ZeroShotRetrieval.chanceOfOneInTopK(n, m, k), 1e-12,
                    "n " + n + " m " + m + " k " + k);
        }
    }

    private static void permute(int[] perm, boolean[] used, int at, java.util.function.Consumer<int[]> visit) {
        if (at == perm.length) {
            visit.accept(perm);
            return;
        }
        for (int v = 0; v < perm.length; v++) {
            if (!used[v]) {
                used[v] = true;
                perm[at] = v;
                permute(perm, used, at + 1, visit);
                used[v] = false;
            }
        }
    }

    @Test
    void matchesBruteForceRankingOnRandomData() {
        SplittableRandom random = new SplittableRandom(5);
        int c = 12;
        int n = 40;
        float[][] concepts = new float[c][];
        for (int j = 0; j < c; j++) {
            concepts[j] = unit(random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian());
        }
        float[][] images = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(c);
            images[i] = unit(random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian());
        }
        // Brute force: sort candidate indices by score and find the position of the first right one.
        int hit1 = 0;
        int hit5 = 0;
        for (int i = 0; i < n; i++) {
            final int q = i;
            Integer[] order = java.util.stream.IntStream.range(0, c).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(order, (a, b) -> Double.compare(Embeddings.dot(images[q], concepts[b]),
                    Embeddings.dot(images[q], concepts[a])));
            int pos = java.util.Arrays.asList(order).indexOf(labels[i]);
            hit1 += pos < 1 ? 1 : 0;
            hit5 += pos < 5 ? 1 : 0;
        }
        ZeroShotRetrieval.RetrievalResult r = ZeroShotRetrieval.evaluate(images, labels, concepts);
        assertEquals((double) hit1 / n, r.imageToConceptR1(), 1e-12);
        assertEquals((double) hit5 / n, r.imageToConceptR5(), 1e-12);
    }

    @Test
    void collapsedEmbeddingsScoreZeroNotOne() {
        float[][] concepts = {unit(1, 0), unit(1, 0)};
        float[][] images = {unit(1, 0), unit(1, 0)};
        ZeroShotRetrieval.RetrievalResult r = ZeroShotRetrieval.evaluate(images, new int[] {0, 1}, concepts);
        assertEquals(0.0, r.imageToConceptR1());
        assertEquals(0.0, r.conceptToImageR1());
    }

    @Test
    void badLabelsAreRefused() {
        float[][] concepts = {unit(1, 0), unit(0, 1)};
        assertThrows(TeacherInputException.class,
                () -> ZeroShotRetrieval.evaluate(new float[][] {unit(1, 0)}, new int[] {2}, concepts));
    }
}
