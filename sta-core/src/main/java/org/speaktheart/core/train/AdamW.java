package org.speaktheart.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization"), over
 * plain parameter arrays, with state that can be saved and restored (DJL's own optimizers keep theirs in
 * private fields).
 *
 * <p>For step {@code t = 1, 2, ...}, learning rate {@code lr}, gradient {@code g} (already multiplied by the
 * clipping scale):
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p * (1 - lr * wd)                                  (only where decay is on)
 *   p = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 * The same order and bias correction as PyTorch's {@code torch.optim.AdamW}. All updates are in place, so
 * the parameter arrays keep their identity and their manager; temporaries live in an {@link NDScope} closed
 * before {@link #step} returns.
 */
public final class AdamW implements AutoCloseable {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean[] decayed;
    private final NDManager manager;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private long t;

    /**
     * Creates zeroed moments for each parameter.
     *
     * @param parent      manager under which the moment arrays are allocated (a sub-manager is made)
     * @param parameters  the arrays to optimise, in a fixed order
     * @param decayed     per parameter, whether weight decay applies to it
     * @param beta1       first-moment decay in [0, 1)
     * @param beta2       second-moment decay in [0, 1)
     * @param epsilon     denominator term (> 0)
     * @param weightDecay decoupled decay per unit learning rate (>= 0)
     */
    public AdamW(NDManager parent, List<NDArray> parameters, boolean[] decayed, double beta1, double beta2,
            double epsilon, double weightDecay) {
        if (decayed.length != parameters.size()) {
            throw new TrainingException("AdamW: " + parameters.size() + " parameters but " + decayed.length
                    + " decay flags");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.decayed = decayed.clone();
        this.manager = parent.newSubManager();
        for (NDArray p : parameters) {
            m.add(manager.zeros(p.getShape(), p.getDataType()));
            v.add(manager.zeros(p.getShape(), p.getDataType()));
        }
    }

    /**
     * Applies one update in place.
     *
     * @param parameters   the same arrays, in the same order, as at construction
     * @param gradients    their gradients
     * @param learningRate the rate of this step
     * @param gradScale    factor applied to every gradient first (the clipping scale; 1 for none)
     */
    public void step(List<NDArray> parameters, List<NDArray> gradients, double learningRate, double gradScale) {
        if (parameters.size() != m.size() || gradients.size() != m.size()) {
            throw new TrainingException("AdamW: built for " + m.size() + " parameters, got " + parameters.size()
                    + " parameters and " + gradients.size() + " gradients");
        }
        t++;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < m.size(); i++) {
                NDArray p = parameters.get(i);
                NDArray g = gradScale == 1.0 ? gradients.get(i) : gradients.get(i).mul(gradScale);
                m.get(i).muli(beta1).addi(g.mul(1 - beta1));
                v.get(i).muli(beta2).addi(g.square().muli(1 - beta2));
                if (decayed[i] && weightDecay > 0) {
                    p.muli(1 - learningRate * weightDecay);
                }
                NDArray denominator = v.get(i).div(correction2).sqrt().addi(epsilon);
                p.subi(m.get(i).div(correction1).divi(denominator).muli(learningRate));
            }
        }
    }

    /** Number of updates applied so far ({@code t} of the bias correction). */
    public long stepCount() {
        return t;
    }

    /**
     * The live moment arrays, first moments then second moments, each in parameter order. For saving; the
     * caller must not close or modify them.
     */
    public NDList moments() {
        NDList list = new NDList(m.size() * 2);
        list.addAll(m);
        list.addAll(v);
        return list;
    }

    /**
     * Restores a saved state.
     *
     * @param stepCount updates applied when it was saved
     * @param moments   first then second moments, shapes equal to the parameters'
     */
    public void restore(long stepCount, NDList moments) {
        if (moments.size() != m.size() * 2) {
            throw new CheckpointException("AdamW state has " + moments.size() + " arrays, expected "
                    + (m.size() * 2) + " (first and second moments of " + m.size() + " parameters)");
        }
        for (int i = 0; i < moments.size(); i++) {
            NDArray target = i < m.size() ? m.get(i) : v.get(i - m.size());
            NDArray source = moments.get(i);
            if (!target.getShape().equals(source.getShape()) || target.getDataType() != source.getDataType()) {
                throw new CheckpointException("AdamW state array " + i + " is " + source.getDataType()
                        + source.getShape() + ", expected " + target.getDataType() + target.getShape());
            }
            source.copyTo(target);
        }
        this.t = stepCount;
    }

    @Override
    public void close() {
        manager.close();
    }
}
