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
