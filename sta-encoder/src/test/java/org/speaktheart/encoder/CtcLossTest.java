package org.speaktheart.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.encoder.training.CaptionAlphabet;
import org.speaktheart.encoder.training.CtcLoss;

/** CTC against a sum over every path, and the caption alphabet's spelling. */
class CtcLossTest {
    private static final int V = 4;

    /** -log p(labels) by enumerating all V^T paths of the first {@code t} slots and collapsing each. */
    private static double bruteForce(double[][] logProbs, int t, int[] labels) {
        double total = 0;
        int[] path = new int[t];
        for (long code = 0; code < Math.round(Math.pow(V, t)); code++) {
            long c = code;
            double logP = 0;
            for (int k = 0; k < t; k++) {
                path[k] = (int) (c % V);
                c /= V;
                logP += logProbs[k][path[k]];
            }
            List<Integer> collapsed = new ArrayList<>();
            int previous = -1;
            for (int k = 0; k < t; k++) {
                if (path[k] != previous && path[k] != CaptionAlphabet.BLANK) {
                    collapsed.add(path[k]);
                }
                previous = path[k];
            }
            if (collapsed.equals(java.util.Arrays.stream(labels).boxed().toList())) {
                total += Math.exp(logP);
            }
        }
        return -Math.log(total);
    }

    @Test
    void matchesTheSumOverAllPathsPerItemAndInABatch() {
        int maxT = 7;
        int[][] labels = {{1, 2, 2}, {3}, {2, 1, 3, 1}, {1, 1, 1, 1}, {}};
        int[] slots = {7, 4, 6, 5, 3}; // item 3 needs 7 slots: no alignment, weight 0; item 4 has no labels
        SplittableRandom r = new SplittableRandom(7);
        double[][][] logProbs = new double[labels.length][maxT][V];
        float[] flat = new float[labels.length * maxT * V];
        float[] valid = new float[labels.length * maxT];
        for (int b = 0; b < labels.length; b++) {
            for (int t = 0; t < maxT; t++) {
                double norm = 0;
                double[] z = new double[V];
                for (int v = 0; v < V; v++) {
                    z[v] = 2 * r.nextDouble() - 1;
                    norm += Math.exp(z[v]);
                }
                for (int v = 0; v < V; v++) {
                    logProbs[b][t][v] = z[v] - Math.log(norm);
                    flat[(b * maxT + t) * V + v] = (float) logProbs[b][t][v];
                }
                valid[b * maxT + t] = t < slots[b] ? 1f : 0f;
            }
        }
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray lp = m.create(flat, new Shape(labels.length, maxT, V));
            NDArray slotValid = m.create(valid, new Shape(labels.length, maxT));
            NDList targets = CtcLoss.targets(labels, slots, V, m);
            assertArrayEquals(new float[] {1f / (3 * 3), 1f / (1 * 3), 1f / (4 * 3), 0f, 0f}, targets.get(3).toFloatArray(),
                    1e-7f);
            double expected = 0;
            for (int b = 0; b < 3; b++) {
                double nll = bruteForce(logProbs[b], slots[b], labels[b]);
                expected += nll / labels[b].length / 3;
                // the item alone, padded to the batch's length
                NDList one = CtcLoss.targets(new int[][] {labels[b]}, new int[] {slots[b]}, V, m);
                NDArray alone = CtcLoss.loss(lp.get(b).expandDims(0), slotValid.get(b).expandDims(0), one);
                assertEquals(nll / labels[b].length, alone.toType(DataType.FLOAT64, false).getDouble(), 1e-5,
                        "item " + b);
            }
            double batch = CtcLoss.loss(lp, slotValid, targets).toType(DataType.FLOAT64, false).getDouble();
            assertEquals(expected, batch, 1e-5);
            assertTrue(Double.isFinite(batch));
            // the infeasible item really has no path: brute force gives zero probability
            assertEquals(Double.POSITIVE_INFINITY, bruteForce(logProbs[3], slots[3], labels[3]));
        }
    }

    @Test
    void gradientIsFiniteAndLowersTheLossWhenFollowed() {
        int[][] labels = {{1, 2, 2}, {3, 3}, {1, 1, 1, 1}};
        int[] slots = {6, 5, 4};
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            NDArray logits = m.randomNormal(new Shape(3, 6, V));
            float[] valid = new float[3 * 6];
            for (int b = 0; b < 3; b++) {
                for (int t = 0; t < slots[b]; t++) {
                    valid[b * 6 + t] = 1f;
                }
            }
            NDArray slotValid = m.create(valid, new Shape(3, 6));
            NDList targets = CtcLoss.targets(labels, slots, V, m);
            double first = 0;
            double last = 0;
            for (int step = 0; step < 30; step++) {
                logits.setRequiresGradient(true);
                double value;
                NDArray grad;
                try (ai.djl.training.GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray loss = CtcLoss.loss(logits.logSoftmax(-1), slotValid, targets);
                    value = loss.getFloat();
                    gc.backward(loss);
                    grad = logits.getGradient().duplicate();
                }
                for (float g : grad.toFloatArray()) {
                    assertTrue(Float.isFinite(g));
                }
                if (step == 0) {
                    first = value;
                }
                last = value;
                logits = logits.sub(grad.mul(5f));
            }
            assertTrue(last < 0.5 * first, "CTC loss " + first + " -> " + last);
        }
    }

    @Test
    void alphabetSpellsCaptionsInTheirOwnScript() {
        assertEquals("a pink tulip", CaptionAlphabet.decode(CaptionAlphabet.encode("A pink tulip")));
        assertEquals("grenouille de couleur verte", CaptionAlphabet.decode(CaptionAlphabet.encode("grenouille, de couleur verte")));
        assertEquals("larbre ete coeur", CaptionAlphabet.decode(CaptionAlphabet.encode("l’arbre, été - cœur.")));
        assertEquals("hot dog", CaptionAlphabet.decode(CaptionAlphabet.encode("  hot-dog 4 ")));
        assertEquals("هوت دوغ مقانق", CaptionAlphabet.decode(CaptionAlphabet.encode("هوت دوغ، مقانق")));
        int[] marked = CaptionAlphabet.encode("تُفَّاحَة");
        assertEquals(9, marked.length, "letters and vowel marks are classes of their own");
        assertEquals("تُفَّاحَة", CaptionAlphabet.decode(marked));
        assertEquals(0, CaptionAlphabet.encode("4 ... 一二").length);
        assertEquals(78, CaptionAlphabet.SIZE);
        assertEquals(4, CaptionAlphabet.requiredSlots(new int[] {3, 3, 5}));
        assertThrows(IllegalArgumentException.class, () -> CaptionAlphabet.decode(new int[] {CaptionAlphabet.BLANK}));
    }
}
