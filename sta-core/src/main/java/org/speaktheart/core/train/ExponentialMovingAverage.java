package org.speaktheart.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of parameter arrays: after every optimizer step,
 * {@code shadow = decay * shadow + (1 - decay) * parameter}, starting from a copy of the parameters.
 * The averaged weights usually evaluate better than the raw ones; {@link #swapIn} puts them into the model
 * for evaluation or export and puts the raw weights back when closed.
 */
public final class ExponentialMovingAverage implements AutoCloseable {

    private final double decay;
    private final NDManager manager;
    private final List<NDArray> shadow = new ArrayList<>();

    /**
     * @param parent     manager under which the shadow arrays are allocated (a sub-manager is made)
     * @param parameters the arrays to average; the shadow starts as a copy of them
     * @param decay      weight of the old average, in (0, 1)
     */
    public ExponentialMovingAverage(NDManager parent, List<NDArray> parameters, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new TrainingException("EMA decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.manager = parent.newSubManager();
        for (NDArray p : parameters) {
            NDArray copy = manager.create(p.getShape(), p.getDataType());
            p.copyTo(copy);
            shadow.add(copy);
        }
    }

    /** Folds the current parameter values into the average, in place. */
    public void update(List<NDArray> parameters) {
        requireCount(parameters.size());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < shadow.size(); i++) {
                shadow.get(i).muli(decay).addi(parameters.get(i).mul(1 - decay));
            }
        }
    }

    /** The live averaged arrays in parameter order, for saving or reading; do not close them. */
    public NDList weights() {
        return new NDList(shadow);
    }

    /** Overwrites the average with saved values (shapes must match). */
    public void restore(NDList saved) {
        requireCount(saved.size());
        for (int i = 0; i < shadow.size(); i++) {
            NDArray source = saved.get(i);
            NDArray target = shadow.get(i);
            if (!target.getShape().equals(source.getShape()) || target.getDataType() != source.getDataType()) {
                throw new CheckpointException("EMA array " + i + " is " + source.getDataType() + source.getShape()
                        + ", expected " + target.getDataType() + target.getShape());
            }
            source.copyTo(target);
        }
    }

    /**
     * Copies the averaged weights into {@code parameters} and returns a handle whose {@code close()} copies
     * the raw weights back. Use in try-with-resources around evaluation or export.
     */
    public WeightSwap swapIn(List<NDArray> parameters) {
        requireCount(parameters.size());
        NDManager backupManager = manager.newSubManager();
        List<NDArray> backup = new ArrayList<>();
        for (int i = 0; i < shadow.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray copy = backupManager.create(p.getShape(), p.getDataType());
            p.copyTo(copy);
            backup.add(copy);
            shadow.get(i).copyTo(p);
        }
        return new WeightSwap(parameters, backup, backupManager);
    }

    /** The average's decay. */
    public double decay() {
        return decay;
    }

    private void requireCount(int n) {
        if (n != shadow.size()) {
            throw new TrainingException("EMA holds " + shadow.size() + " arrays, got " + n);
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Averaged weights temporarily in the model; {@link #close()} restores the raw ones. */
    public static final class WeightSwap implements AutoCloseable {
        private final List<NDArray> parameters;
        private final List<NDArray> backup;
        private final NDManager backupManager;
        private boolean closed;

        private WeightSwap(List<NDArray> parameters, List<NDArray> backup, NDManager backupManager) {
            this.parameters = parameters;
            this.backup = backup;
            this.backupManager = backupManager;
        }

        /** Puts the raw weights back; idempotent. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                for (int i = 0; i < backup.size(); i++) {
                    backup.get(i).copyTo(parameters.get(i));
                }
            } finally {
                backupManager.close();
            }
        }
    }
}
