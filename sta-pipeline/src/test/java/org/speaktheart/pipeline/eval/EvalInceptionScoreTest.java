package org.speaktheart.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.speaktheart.core.testing.Tolerance;

/**
 * {@link InceptionScore} against a brute-force reference written differently (the entropy form
 * {@code E KL(p(y|x) || p(y)) = H(p(y)) - E H(p(y|x))}), the textbook cases, the softmax, the
 * recognition of softmax outputs and the refusals.
 */
class EvalInceptionScoreTest {
    private static final Tolerance TIGHT = new Tolerance(1e-12, 1e-12);

    /** Random class distributions: softmax of Gaussian logits with a given spread. */
    private static double[][] randomTable(int n, int classes, double spread, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] p = new double[n][classes];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[i][c] = Math.exp(spread * r.nextGaussian());
                sum += p[i][c];
            }
            for (int c = 0; c < classes; c++) {
                p[i][c] /= sum;
            }
        }
        return p;
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            h -= v > 0 ? v * Math.log(v) : 0;
        }
        return h;
    }

    /** exp(H(mean row) - mean H(row)) over rows [from, to). */
    private static double bruteForce(double[][] p, int from, int to) {
        double[] marginal = new double[p[0].length];
        double meanEntropy = 0;
        for (int i = from; i < to; i++) {
            for (int c = 0; c < marginal.length; c++) {
                marginal[c] += p[i][c] / (to - from);
            }
            meanEntropy += entropy(p[i]) / (to - from);
        }
        return Math.exp(entropy(marginal) - meanEntropy);
    }

    @ParameterizedTest(name = "n={0} classes={1} splits={2}")
    @CsvSource({"10, 5, 1", "23, 7, 4", "50, 1008, 10", "3, 4, 10", "17, 1000, 5", "1, 3, 1"})
    void matchesTheEntropyFormOverContiguousSplits(int n, int classes, int splits) {
        double[][] p = randomTable(n, classes, 2.0, 31L * n + classes);
        InceptionScore.Result result = InceptionScore.of(p, splits);
        int k = Math.min(splits, n);
        assertEquals(k, result.splits());
        // Splits by hand: sizes differ by at most one and cover every row once, in order.
        double[] scores = new double[k];
        int from = 0;
        for (int j = 0; j < k; j++) {
            int to = (int) Math.floor((j + 1) * (double) n / k);
            assertTrue(to - from == n / k || to - from == n / k + 1, "split size " + (to - from));
            scores[j] = bruteForce(p, from, to);
            from = to;
        }
        assertEquals(n, from);
        double mean = 0;
        for (double s : scores) {
            mean += s / k;
        }
        double var = 0;
        for (double s : scores) {
            var += (s - mean) * (s - mean) / k;
        }
        TIGHT.assertClose(mean, result.mean(), "mean IS");
        new Tolerance(1e-10, 1e-9).assertClose(Math.sqrt(var), result.std(), "std IS");
        assertTrue(result.mean() >= 1 - 1e-12 && result.mean() <= classes + 1e-9, "1 <= IS <= classes: " + result.mean());
    }

    @Test
    void identicalPredictionsScoreOne() {
        double[] q = {0.1, 0.2, 0.3, 0.4};
        double[][] p = new double[12][];
        for (int i = 0; i < p.length; i++) {
            p[i] = q.clone();
        }
        InceptionScore.Result r = InceptionScore.of(p, 3);
        TIGHT.assertClose(1.0, r.mean(), "identical predictions");
        assertEquals(0, r.std(), 1e-15);
    }

    @Test
    void imagesCertainOfDistinctClassesScoreTheirCountPerSplit() {
        // 20 images, image i certain of class i among 1008: one split of 20 gives 20; 4 splits of 5 give 5 each.
        double[][] p = new double[20][1008];
        for (int i = 0; i < 20; i++) {
            p[i][i] = 1;
        }
        TIGHT.assertClose(20, InceptionScore.of(p, 1).mean(), "one split of 20");
        InceptionScore.Result four = InceptionScore.of(p, 4);
        TIGHT.assertClose(5, four.mean(), "4 splits of 5");
        assertEquals(0, four.std(), 1e-12);
        assertEquals(4, four.splits());
        TIGHT.assertClose(5, InceptionScore.of(p, 4, 99).mean(), "any grouping of distinct classes");
        // More splits than images: one image per split, each split scores 1.
        InceptionScore.Result many = InceptionScore.of(new double[][] {p[0], p[1], p[2]}, 10);
        assertEquals(3, many.splits());
        TIGHT.assertClose(1, many.mean(), "single-image splits");
    }

    @Test
    void seededShufflingMixesSplitsOfAnOrderedSet() {
        // 10 images of class A then 10 of class B: contiguous halves each see one class (IS 1 each);
        // shuffled halves see both (IS > 1). The same seed gives the same value.
        double[][] p = new double[20][2];
        for (int i = 0; i < 20; i++) {
            p[i][i < 10 ? 0 : 1] = 1;
        }
        TIGHT.assertClose(1, InceptionScore.of(p, 2).mean(), "contiguous halves");
        double shuffled = InceptionScore.of(p, 2, 7).mean();
        assertTrue(shuffled > 1.5, "shuffled halves mix both classes: " + shuffled);
        assertEquals(shuffled, InceptionScore.of(p, 2, 7).mean(), 0);
        // Shuffling does not change a one-split score.
        TIGHT.assertClose(2, InceptionScore.of(p, 1, 7).mean(), "one split");
    }

    @Test
    void softmaxOfLogitsAndRecognisedSoftmaxOutputs() {
        float ln2 = (float) Math.log(2);
        float ln3 = (float) Math.log(3);
        double[][] p = InceptionScore.probabilities(new float[][] {{0, ln2, ln3}, {1000, 1000, 1000}});
        new Tolerance(1e-7, 0).assertClose(new double[] {1 / 6.0, 2 / 6.0, 3 / 6.0}, p[0], "softmax of 0, ln 2, ln 3");
        new Tolerance(1e-15, 0).assertClose(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, p[1], "large equal logits do not overflow");
        // Rows that are distributions already (a softmax output) are used as they are.
        float[][] softmaxOutput = {{0.5f, 0.5f, 0f}, {0f, 0f, 1f}};
        double[][] kept = InceptionScore.probabilities(softmaxOutput);
        new Tolerance(1e-7, 0).assertClose(new double[] {0.5, 0.5, 0}, kept[0], "kept row 0");
        new Tolerance(1e-7, 0).assertClose(new double[] {0, 0, 1}, kept[1], "kept row 1");
        TIGHT.assertClose(bruteForce(kept, 0, 2), InceptionScore.of(kept, 1).mean(), "IS of the kept rows");
        // A single row that is not a distribution makes every row a logit row.
        double[][] mixed = InceptionScore.probabilities(new float[][] {{0.5f, 0.5f, 0f}, {1.5f, -0.5f, 0f}});
        new Tolerance(1e-7, 0).assertClose(InceptionScore.softmax(new float[] {0.5f, 0.5f, 0f}), mixed[0], "softmaxed");
    }

    @Test
    void badInputsAreRefused() {
        double[][] ok = {{0.5, 0.5}, {1, 0}};
        assertTrue(assertThrows(EvaluationException.class, () -> InceptionScore.of(ok, 0)).getMessage().contains("at least 1 split"));
        assertThrows(EvaluationException.class, () -> InceptionScore.of(new double[0][], 1));
        assertThrows(EvaluationException.class, () -> InceptionScore.of(new double[][] {{0.5, 0.5}, {1}}, 1));
        EvaluationException sum = assertThrows(EvaluationException.class, () -> InceptionScore.of(new double[][] {{0.5, 0.4}}, 1));
        assertTrue(sum.getMessage().contains("sums to 0.9"), sum.getMessage());
        assertThrows(EvaluationException.class, () -> InceptionScore.of(new double[][] {{1.5, -0.5}}, 1));
        assertThrows(EvaluationException.class, () -> EvaluationConfig.builder().inceptionScoreSplits(0).build());
    }
}
