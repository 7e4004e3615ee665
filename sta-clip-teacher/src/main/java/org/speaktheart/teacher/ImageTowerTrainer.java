package org.speaktheart.teacher;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.speaktheart.core.train.ExponentialMovingAverage;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.core.train.TrainingResult;

/**
 * Trains the default teacher's image tower against frozen text embeddings through the sta-core
 * harness ({@link TrainingLoop} + {@link ImageTowerTask}). With checkpoints configured, a second
 * call with the same configuration resumes where the first stopped.
 *
 * <p>Only one training may run per JVM at a time (the harness's rule).
 */
public final class ImageTowerTrainer {
    private ImageTowerTrainer() {
    }

    /**
     * Trains and returns the tower, with EMA weights when the training configuration enables EMA.
     *
     * @param config the run
     * @param data preprocessed images and frozen concept embeddings
     * @param listener called every {@code reportInterval} steps and at the end (raw weights)
     * @return the trained tower; the caller closes it
     */
    public static Result train(TowerTrainingConfig config, ContrastiveDataset data, TrainingListener listener) {
        if (data.imageSize() != config.tower().imageSize()) {
            throw new TeacherInputException("data images are " + data.imageSize() + " px but the tower takes "
                    + config.tower().imageSize() + " px");
        }
        Engine engine = Engine.getEngine(TrainingLoop.ENGINE);
        NDManager manager = engine.newBaseManager();
        try {
            ContrastiveImageModel model = new ContrastiveImageModel(config.tower());
            engine.setRandomSeed((int) config.initSeed());
            int s = config.tower().imageSize();
            model.initialize(manager, DataType.FLOAT32, new Shape(config.batchSize(), 3, s, s));
            ImageTowerTask task = new ImageTowerTask(model, data, config.batchSize(), config.flip(), config.jitter(),
                    config.maxShift());
            TrainedImageTower view = new TrainedImageTower(manager, model, false);
            TrainingResult last;
            try (TrainingLoop loop = new TrainingLoop(model, config.training())) {
                long total = config.training().steps();
                last = null;
                while (loop.nextStep() < total) {
                    last = loop.run(task, Math.min(total, loop.nextStep() + config.reportInterval()));
                    listener.onReport(last.endStep(), last.lastLoss(), model.scale(), view);
                }
                if (config.training().emaEnabled()) {
                    keepAveragedWeights(loop, model);
                }
            }
            return new Result(new TrainedImageTower(manager, model, true), last == null ? Double.NaN : last.lastLoss(),
                    last == null ? 0 : last.seconds());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Leaves the EMA weights in the model for good (a swap alone restores the raw ones when closed). */
    @SuppressWarnings("try") // the swap is used only for its scope: EMA weights in while it is open
    private static void keepAveragedWeights(TrainingLoop loop, ContrastiveImageModel model) {
        List<NDArray> averaged = new ArrayList<>();
        try {
            try (ExponentialMovingAverage.WeightSwap swap = loop.swapInEma()) {
                for (Pair<String, Parameter> p : model.getParameters()) {
                    averaged.add(p.getValue().getArray().duplicate());
                }
            }
            int i = 0;
            for (Pair<String, Parameter> p : model.getParameters()) {
                averaged.get(i++).copyTo(p.getValue().getArray());
            }
        } finally {
            averaged.forEach(NDArray::close);
        }
    }

    /**
     * Outcome of a run.
     *
     * @param tower the trained tower (closes its weights)
     * @param lastLoss loss of the final step (NaN when no step ran because a checkpoint was complete)
     * @param seconds wall time of the last chunk of steps
     */
    public record Result(TrainedImageTower tower, double lastLoss, double seconds) {
    }
}
