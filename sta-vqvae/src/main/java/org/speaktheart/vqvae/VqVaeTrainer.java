package org.speaktheart.vqvae;

import ai.djl.engine.Engine;
import com.google.gson.Gson;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speaktheart.core.train.StepOutput;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.core.train.TrainingTask;

/**
 * Trains a {@link VqVae} on a set of images with the sta-core training harness
 * ({@link TrainingLoop}: AdamW, schedule, clipping, checkpoints and resume, metrics file, progress).
 *
 * <p>Per step: a batch of {@code batchSize} images drawn with replacement from the step's generator,
 * optionally mirrored; the loss of {@link VqVaeLoss}; recorded metrics {@code pixel}, {@code edge},
 * {@code commitment}. The codebook's own updates (EMA and dead-code restarts) use the latents of a
 * step and are applied just before the next step's forward pass; they are plain Java on host copies
 * ({@link VectorQuantizer}). Before the first step the codes are set to random encoder outputs of a
 * first batch.
 *
 * <p>Resume: the EMA codebook state is a model parameter; the codebook update pending from the last
 * step, the restart candidates and the usage counts since the last restart check are the task's
 * state, stored in the checkpoint header; so a resumed run continues like an uninterrupted one.
 */
public final class VqVaeTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(VqVaeTrainer.class);
    private static final int INIT_IMAGES = 64;

    private VqVaeTrainer() {
    }

    /** Trains without held-out evaluation. */
    public static TrainedVqVae train(VqVaeTrainingConfig config, ImageDataset data, VqVaeTrainingListener listener) {
        return train(config, data, null, listener);
    }

    /**
     * Trains (or resumes, when the configured checkpoint folder holds a checkpoint of this run).
     *
     * @param data training images, {@code imageSize x imageSize}
     * @param heldOut evaluation images, or null
     * @param listener told about every evaluation
     * @return the trained network; the caller closes it
     * @throws VqVaeException when the images do not fit the configuration
     */
    public static TrainedVqVae train(VqVaeTrainingConfig config, ImageDataset data, ImageDataset heldOut,
                                     VqVaeTrainingListener listener) {
        VqVaeConfig c = config.model();
        requireSize(data, c, "training");
        if (heldOut != null) {
            requireSize(heldOut, c, "held-out");
        }
        Engine engine = Engine.getEngine(TrainingLoop.ENGINE);
        NDManager manager = engine.newBaseManager();
        try {
            engine.setRandomSeed((int) config.initSeed());
            VqVae model = new VqVae(c);
            int s = c.imageSize();
            model.initialize(manager, DataType.FLOAT32, new Shape(config.batchSize(), 3, s, s));
            float[] pixels = ImageTensors.toTensor(data.images(), s, c.pixelRange());
            initializeCodebook(model, manager, pixels, data.count(), new SplittableRandom(config.initSeed()));
            Task task = new Task(config, model, pixels, data.count());
            VqVaeEvaluation last = null;
            long steps = config.training().steps();
            try (TrainingLoop loop = new TrainingLoop(model, config.training())) {
                long startStep = loop.nextStep();
                while (loop.nextStep() < steps) {
                    long until = config.evaluationInterval() == 0 ? steps
                            : Math.min(steps, loop.nextStep() + config.evaluationInterval());
                    loop.run(task, until);
                    task.applyEma();
                    if (heldOut != null) {
                        last = TrainedVqVae.evaluate(model, manager, heldOut, loop.nextStep());
                        LOG.info("{}", last);
                        listener.evaluated(last);
                    }
                }
                task.applyEma();
                if (heldOut != null && last == null) {
                    last = TrainedVqVae.evaluate(model, manager, heldOut, loop.nextStep());
                    listener.evaluated(last);
                }
                return new TrainedVqVae(manager, model, startStep, loop.nextStep(), last);
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static void requireSize(ImageDataset d, VqVaeConfig c, String what) {
        if (d.size() != c.imageSize()) {
            throw new VqVaeException(what + " images are " + d.size() + "x" + d.size() + "; accepted: " + c.imageSize()
                    + "x" + c.imageSize() + " (the configuration's imageSize)");
        }
    }

    private static void initializeCodebook(VqVae model, NDManager parent, float[] pixels, int count, SplittableRandom rng) {
        int n = Math.min(INIT_IMAGES, count);
        int plane = 3 * model.config().imageSize() * model.config().imageSize();
        float[] batch = new float[n * plane];
        for (int i = 0; i < n; i++) {
            System.arraycopy(pixels, rng.nextInt(count) * plane, batch, i * plane, plane);
        }
        try (NDManager m = parent.newSubManager()) {
            int s = model.config().imageSize();
            NDArray x = m.create(batch, new Shape(n, 3, s, s));
            NDList out = model.forward(new ParameterStore(m, false), new NDList(x), false);
            model.quantizer().initializeFromLatents(out.get(4).toFloatArray(), rng);
        }
    }

    /**
     * The harness task: batches from the in-memory images, loss, deferred codebook updates. Its state
     * (usage counts, the pending EMA statistics and restart candidates of the last step) travels in
     * the checkpoints, so a resumed run continues exactly.
     */
    private static final class Task implements TrainingTask {
        private static final Gson GSON = new Gson();

        /** The serialised task state. */
        private record State(long[] usage, float[] emaCounts, float[] emaSums, float[] candidates) {
        }

        private final VqVaeTrainingConfig config;
        private final VqVae model;
        private final VqVaeLoss loss;
        private final float[] pixels;
        private final int count;
        private SplittableRandom lossRandom;
        private float[] emaCounts;
        private float[] emaSums;
        private float[] candidates;

        Task(VqVaeTrainingConfig config, VqVae model, float[] pixels, int count) {
            this.config = config;
            this.model = model;
            this.loss = new VqVaeLoss(config.model());
            this.pixels = pixels;
            this.count = count;
        }

        @Override
        public NDList batch(long step, SplittableRandom random, NDManager manager) {
            SplittableRandom restartRandom = random.split();
            lossRandom = random.split();
            applyEma();
            restartDeadCodes(step, restartRandom);
            int s = config.model().imageSize();
            int plane = s * s;
            int b = config.batchSize();
            float[] x = new float[b * 3 * plane];
            for (int i = 0; i < b; i++) {
                int src = random.nextInt(count) * 3 * plane;
                boolean flip = config.horizontalFlips() && random.nextBoolean();
                int dst = i * 3 * plane;
                if (!flip) {
                    System.arraycopy(pixels, src, x, dst, 3 * plane);
                } else {
                    for (int row = 0; row < 3 * s; row++) { // rows of all three channels
                        for (int col = 0; col < s; col++) {
                            x[dst + row * s + col] = pixels[src + row * s + (s - 1 - col)];
                        }
                    }
                }
            }
            return new NDList(manager.create(x, new Shape(b, 3, s, s)));
        }

        @Override
        public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
            NDArray x = batch.get(0);
            NDList out = model.forward(parameters, new NDList(x), training);
            VqVaeLoss.Parts parts = loss.evaluate(x, out);
            long[] ids = out.get(1).toLongArray();
            float[] flat = out.get(4).toFloatArray();
            VectorQuantizer q = model.quantizer();
            q.recordUsage(ids);
            if (config.model().usesEma()) {
                float[][] stats = q.assignmentStats(ids, flat);
                emaCounts = stats[0];
                emaSums = stats[1];
            }
            if (config.restartInterval() > 0) {
                candidates = sampleRows(flat, config.model().codeDim(), config.model().codebookSize(), lossRandom);
            }
            return new StepOutput(parts.total(), Map.of("pixel", parts.pixel(), "edge", parts.edge(),
                    "commitment", parts.commitment()));
        }

        private static float[] sampleRows(float[] flat, int d, int k, SplittableRandom rng) {
            int n = flat.length / d;
            float[] rows = new float[Math.min(n, k) * d];
            for (int i = 0; i < rows.length / d; i++) {
                System.arraycopy(flat, rng.nextInt(n) * d, rows, i * d, d);
            }
            return rows;
        }

        /** Applies the EMA codebook step of the last step's latents, once. */
        void applyEma() {
            if (emaCounts != null) {
                model.quantizer().emaUpdate(emaCounts, emaSums);
                emaCounts = null;
                emaSums = null;
            }
        }

        /** At restart-check steps, re-seeds the codes unused since the last check from the last step's latents. */
        private void restartDeadCodes(long step, SplittableRandom rng) {
            if (candidates != null && config.restartInterval() > 0 && step % config.restartInterval() == 0) {
                int restarted = model.quantizer().restartDeadCodes(candidates, rng);
                if (restarted > 0) {
                    LOG.debug("step {}: restarted {} dead codes", step, restarted);
                }
            }
        }

        @Override
        public String saveState() {
            return GSON.toJson(new State(model.quantizer().usageSinceCheck(), emaCounts, emaSums, candidates));
        }

        @Override
        public void restoreState(String json) {
            State st;
            try {
                st = GSON.fromJson(json, State.class);
            } catch (RuntimeException e) {
                throw new VqVaeException("checkpoint task state is not a VQ-VAE trainer state: " + e.getMessage(), e);
            }
            if (st == null || st.usage() == null) {
                throw new VqVaeException("checkpoint task state holds no codebook usage counts");
            }
            model.quantizer().restoreUsage(st.usage());
            emaCounts = st.emaCounts();
            emaSums = st.emaSums();
            candidates = st.candidates();
        }
    }

    /** Reconstructs images with a trained model and writes the side-by-side grid (a convenience). */
    public static void reconstructGrid(TrainedVqVae model, List<BufferedImage> images, java.nio.file.Path png) {
        model.reconstructGrid(new ArrayList<>(images), png);
    }
}
