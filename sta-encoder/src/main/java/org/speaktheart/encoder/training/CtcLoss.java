package org.speaktheart.encoder.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Connectionist temporal classification (Graves et al., 2006) as a differentiable DJL expression:
 * the negative log-likelihood of a label sequence summed over all its alignments to the output
 * slots, by the forward recursion in log space.
 *
 * <p>With the blank-extended labels {@code l'} (blank, l1, blank, l2, ..., blank; length
 * {@code S = 2L + 1}) and per-slot log-probabilities {@code y[t, k]}:
 * <pre>
 *   a[0, 0] = y[0, blank], a[0, 1] = y[0, l1], a[0, s > 1] = -inf
 *   a[t, s] = logsumexp(a[t-1, s], a[t-1, s-1], a[t-1, s-2] if l'[s] is a label unlike l'[s-2]) + y[t, l'[s]]
 *   -log p(l | x) = -logsumexp(a[T-1, S-1], a[T-1, S-2])
 * </pre>
 * Padded slots leave {@code a} unchanged, so items of different lengths share one batch.
 * "-inf" is the finite {@link #LOG_ZERO}, which keeps every gradient finite.
 *
 * <p>The targets are built once per batch by {@link #targets}; items whose labels cannot be
 * aligned to their slots (fewer slots than {@link CaptionAlphabet#requiredSlots}) or that have no
 * labels get weight 0. The loss is the mean over the other items of {@code -log p / L} (PyTorch's
 * {@code reduction='mean'}).
 */
public final class CtcLoss {
    /** The log of zero probability used in the recursion. */
    public static final float LOG_ZERO = -1e30f;

    private CtcLoss() {
    }

    /**
     * The batch's CTC targets: {@code [B, S, V]} one-hot of the extended labels, {@code [B, S]}
     * skip-allowed (1/0), {@code [B, S]} final-position mask (1/0), {@code [B]} item weights. S is
     * {@code 2 * max L + 1}.
     *
     * @param labels per item, classes in 1..classes-1
     * @param slots valid output slots per item
     * @param classes V, blank (0) included
     */
    public static NDList targets(int[][] labels, int[] slots, int classes, NDManager manager) {
        int b = labels.length;
        int maxL = 0;
        int usable = 0;
        for (int i = 0; i < b; i++) {
            maxL = Math.max(maxL, labels[i].length);
            if (usable(labels[i], slots[i])) {
                usable++;
            }
        }
        int s = 2 * maxL + 1;
        float[] oneHot = new float[b * s * classes];
        float[] skip = new float[b * s];
        float[] last = new float[b * s];
        float[] weight = new float[b];
        for (int i = 0; i < b; i++) {
            int[] l = labels[i];
            for (int k = 0; k < s; k++) {
                int cls = k % 2 == 0 || k / 2 >= l.length ? CaptionAlphabet.BLANK : l[k / 2];
                if (cls < 0 || cls >= classes) {
                    throw new IllegalArgumentException("label " + cls + " outside 0.." + (classes - 1));
                }
                oneHot[(i * s + k) * classes + cls] = 1f;
                if (k % 2 == 1 && k >= 3 && k / 2 < l.length && l[k / 2] != l[k / 2 - 1]) {
                    skip[i * s + k] = 1f;
                }
            }
            int end = 2 * l.length; // last blank
            last[i * s + end] = 1f;
            if (end > 0) {
                last[i * s + end - 1] = 1f;
            }
            weight[i] = usable(l, slots[i]) ? 1f / (l.length * (float) usable) : 0f;
        }
        return new NDList(manager.create(oneHot, new Shape(b, s, classes)), manager.create(skip, new Shape(b, s)),
                manager.create(last, new Shape(b, s)), manager.create(weight, new Shape(b)));
    }

    private static boolean usable(int[] labels, int slots) {
        return labels.length > 0 && CaptionAlphabet.requiredSlots(labels) <= slots;
    }

    /**
     * The weighted CTC loss (a scalar).
     *
     * @param logProbs {@code [B, T, V]} log-probabilities per slot (log-softmax over V)
     * @param slotValid {@code [B, T]} 1 for a real slot, 0 for padding (real slots first)
     * @param targets from {@link #targets}
     */
    public static NDArray loss(NDArray logProbs, NDArray slotValid, NDList targets) {
        NDArray oneHot = targets.get(0);
        NDArray skipTerm = targets.get(1).mul(-1).add(1).mul(LOG_ZERO); // 0 where a skip is allowed
        NDArray finalTerm = targets.get(2).mul(-1).add(1).mul(LOG_ZERO);
        long b = logProbs.getShape().get(0);
        long t = logProbs.getShape().get(1);
        long s = oneHot.getShape().get(1);
        if (s < 3) { // no item has labels: nothing to align
            return logProbs.sum().mul(0);
        }
        NDArray skip = targets.get(1);
        NDArray emissions = logProbs.matMul(oneHot.transpose(0, 2, 1));                      // [B, T, S]
        NDManager m = logProbs.getManager();
        NDArray start = m.zeros(new Shape(b, s)).add(LOG_ZERO);
        NDArray first = emissions.get(new NDIndex(":, 0, :"));
        NDArray alpha = first.get(new NDIndex(":, 0:2")).concat(start.get(new NDIndex(":, 2:")), 1);
        NDArray pad1 = m.zeros(new Shape(b, 1)).add(LOG_ZERO);
        NDArray pad2 = m.zeros(new Shape(b, 2)).add(LOG_ZERO);
        for (long k = 1; k < t; k++) {
            NDArray stay = alpha;
            NDArray step = pad1.concat(alpha.get(new NDIndex(":, 0:" + (s - 1))), 1);
            NDArray jump = pad2.concat(alpha.get(new NDIndex(":, 0:" + (s - 2))), 1).mul(skip).add(skipTerm);
            NDArray next = logSumExp3(stay, step, jump).add(emissions.get(new NDIndex(":, " + k + ", :")));
            NDArray valid = slotValid.get(new NDIndex(":, " + k)).reshape(b, 1);
            alpha = next.mul(valid).add(alpha.mul(valid.mul(-1).add(1)));
        }
        NDArray ends = alpha.add(finalTerm);
        NDArray top = ends.max(new int[] {1}, true);
        NDArray logLikelihood = ends.sub(top).exp().sum(new int[] {1}, true).log().add(top).reshape(b); // [B]
        return logLikelihood.mul(targets.get(3)).sum().neg();
    }

    private static NDArray logSumExp3(NDArray a, NDArray b, NDArray c) {
        NDArray top = a.maximum(b).maximum(c);
        return a.sub(top).exp().add(b.sub(top).exp()).add(c.sub(top).exp()).log().add(top);
    }
}
