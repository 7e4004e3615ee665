package org.speaktheart.teacher;

import ai.djl.ndarray.NDArray;

/**
 * Symmetric InfoNCE (CLIP's loss) between a batch of image embeddings and the embeddings of their
 * paired texts, both {@code [B, D]} and unit-length, row i paired with row i:
 *
 * <pre>
 *   logits = scale * I T^T                          [B, B]
 *   loss   = ( CE_rows(logits, diag) + CE_cols(logits, diag) ) / 2
 * </pre>
 *
 * where {@code CE_rows} is the mean over images of {@code -log softmax_j(logits[i, j])[i]} and
 * {@code CE_cols} the same over texts (softmax down the columns). Rows of a batch must belong to
 * different concepts, or the repeated caption is a false negative.
 */
public final class ContrastiveLoss {
    private ContrastiveLoss() {
    }

    /**
     * @param images {@code [B, D]}
     * @param texts {@code [B, D]} (frozen targets; no gradient needed)
     * @param scale {@code [1]} or scalar multiplier
     * @return the scalar loss
     */
    public static NDArray loss(NDArray images, NDArray texts, NDArray scale) {
        long b = images.getShape().get(0);
        NDArray logits = images.matMul(texts.transpose()).mul(scale); // [B, B]
        NDArray eye = images.getManager().eye((int) b);
        NDArray rows = logits.logSoftmax(1).mul(eye).sum();
        NDArray cols = logits.logSoftmax(0).mul(eye).sum();
        return rows.add(cols).neg().div((float) (2 * b));
    }

    /** The same loss on plain arrays, in double precision (a reference for tests and evaluation). */
    public static double reference(float[][] images, float[][] texts, double scale) {
        int b = images.length;
        double[][] logits = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                logits[i][j] = scale * Embeddings.dot(images[i], texts[j]);
            }
        }
        double total = 0;
        for (int i = 0; i < b; i++) {
            double rowMax = Double.NEGATIVE_INFINITY;
            double colMax = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < b; j++) {
                rowMax = Math.max(rowMax, logits[i][j]);
                colMax = Math.max(colMax, logits[j][i]);
            }
            double rowSum = 0;
            double colSum = 0;
            for (int j = 0; j < b; j++) {
                rowSum += Math.exp(logits[i][j] - rowMax);
                colSum += Math.exp(logits[j][i] - colMax);
            }
            total += (rowMax + Math.log(rowSum) - logits[i][i]) + (colMax + Math.log(colSum) - logits[i][i]);
        }
        return total / (2.0 * b);
    }
}
