package org.speaktheart.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop every STA trainer runs: for each step, draw a batch from the {@link TrainingTask},
 * compute the loss under a gradient collector, check it and the gradient norm are finite, clip, apply
 * {@link AdamW} at the scheduled learning rate, update the EMA, record metrics, show progress and write
 * checkpoints. It is written directly over DJL's engine (not DJL's {@code Trainer}, whose default listeners
 * synchronise several times per step).
 *
 * <p>Memory: each step runs in a fresh sub-manager and an {@link NDScope}; every array created during the
 * step, including gradient handles and optimizer temporaries, is closed when it ends, while parameters are
 * updated in place and stay attached to the model's manager.
 *
 * <p>Determinism: the task's generator and the engine seed (dropout) of step {@code s} are derived from
 * {@code (seed, s)} ({@link StepSeeds}); together with the checkpointed parameters, AdamW moments, EMA and
 * schedule state this makes a resumed run reproduce an uninterrupted one bit for bit on the same machine and
 * thread count.
 *
 * <p>Resume: if the configured checkpoint directory holds a checkpoint, the constructor restores it and
 * {@link #run} continues from its step. Typical use:
 * <pre>{@code
 * try (TrainingLoop loop = new TrainingLoop(block, config)) {
 *     TrainingResult result = loop.run(task);
 *     loop.withAveragedWeights(() -> export(block)); // the EMA weights when EMA is on
 * }
 * }</pre>
 */
public final class TrainingLoop implements AutoCloseable {

    /** The DJL engine the harness trains with. */
    public static final String ENGINE = "PyTorch";

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    /** Times a step with a non-finite gradient norm is computed again before the run stops. */
    static final int NON_FINITE_RETRIES = 1;

    private final TrainingConfig config;
    private final Engine engine;
    private final List<NamedParameter> parameters;
    private final List<NDArray> trainable = new ArrayList<>();
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final AdamW optimizer;
    private final ExponentialMovingAverage ema;
    private final LearningRateSchedule schedule;
    private final CheckpointStore checkpoints;
    private long nextStep;
    private Path lastCheckpoint;
    private long resumedFrom = -1;
    private String pendingTaskState;
    private TrainingTask currentTask;

    /**
     * Prepares training of {@code block} and restores the newest checkpoint of {@code config.checkpointDir()}
     * if there is one.
     *
     * @param block  the model; all its parameters initialised on the PyTorch engine. Parameters that do not
     *               require a gradient are saved in checkpoints but not optimised
     * @param config the run's configuration
     * @throws TrainingException   when the block has uninitialised or non-PyTorch parameters
     * @throws CheckpointException when an existing checkpoint cannot be read or does not fit
     */
    public TrainingLoop(Block block, TrainingConfig config) {
        this.config = config;
        this.engine = Engine.getEngine(ENGINE);
        this.parameters = NamedParameter.of(block);
        if (parameters.isEmpty()) {
            throw new TrainingException("the block has no parameters to train");
        }
        List<Boolean> decayed = new ArrayList<>();
        for (NamedParameter p : parameters) {
            NDArray array = p.parameter().getArray();
            String engineName = array.getManager().getEngine().getEngineName();
            if (!ENGINE.equals(engineName)) {
                throw new TrainingException("parameter " + p.name() + " lives on engine " + engineName
                        + "; the harness trains on " + ENGINE);
            }
            if (p.trainable()) {
                trainable.add(array);
                decayed.add(p.parameter().getType() == Parameter.Type.WEIGHT);
            }
        }
        if (trainable.isEmpty()) {
            throw new TrainingException("every parameter of the block is frozen; nothing to train");
        }
        boolean[] decayFlags = new boolean[decayed.size()];
        for (int i = 0; i < decayFlags.length; i++) {
            decayFlags[i] = decayed.get(i);
        }
        this.manager = trainable.get(0).getManager().newSubManager();
        this.parameterStore = new ParameterStore(manager, false);
        this.optimizer = new AdamW(manager, trainable, decayFlags, config.beta1(), config.beta2(), config.epsilon(),
                config.weightDecay());
        this.ema = config.emaEnabled() ? new ExponentialMovingAverage(manager, trainable, config.emaDecay()) : null;
        this.schedule = LearningRateSchedule.of(config);
        this.checkpoints = config.checkpoints().map(dir -> new CheckpointStore(dir, config.keepCheckpoints()))
                .orElse(null);
        try {
            restoreLatest();
            zeroGradients();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Runs the remaining steps up to {@code config.steps()}.
     *
     * @param task the batches and the loss
     * @return what was done
     * @throws NonFiniteValueException when a loss or gradient norm is NaN or infinite; the parameters keep the
     *                                 values of the previous step and no checkpoint is written for the bad step
     */
    public TrainingResult run(TrainingTask task) {
        return run(task, config.steps());
    }

    /**
     * Runs steps until {@code min(untilStep, config.steps())} steps are complete, so a trainer can interleave
     * its own evaluation: {@code while (loop.nextStep() < steps) { loop.run(task, loop.nextStep() + 500); ... }}.
     * Checkpoints fall on multiples of {@code checkpointInterval} and on the last step of the config, never
     * on {@code untilStep} itself, so the chunking does not change what is written.
     *
     * @param task      the batches and the loss
     * @param untilStep completed-step count to stop at
     * @return what was done
     * @throws NonFiniteValueException as {@link #run(TrainingTask)}
     */
    public TrainingResult run(TrainingTask task, long untilStep) {
        long end = Math.min(untilStep, config.steps());
        long start = nextStep;
        long startNanos = System.nanoTime();
        double lastLoss = Double.NaN;
        if (start == resumedFrom && start < end) {
            LOG.info("resuming at step {} of {} from {}", start, config.steps(), lastCheckpoint);
        }
        if (pendingTaskState != null) {
            task.restoreState(pendingTaskState);
            pendingTaskState = null;
        }
        currentTask = task;
        try (MetricsLog metrics = MetricsLog.open(config.metricsFile());
                Progress progress = Progress.auto(config.steps(), start, config.logInterval())) {
            while (nextStep < end) {
                StepRecord record = step(task, nextStep);
                nextStep++;
                lastLoss = record.loss();
                metrics.append(record, (System.nanoTime() - startNanos) / 1e9);
                progress.update(record);
                if (checkpoints != null && (nextStep % config.checkpointInterval() == 0 || nextStep == config.steps())) {
                    lastCheckpoint = writeCheckpoint();
                }
            }
        }
        return new TrainingResult(start, nextStep, lastLoss, lastCheckpoint, (System.nanoTime() - startNanos) / 1e9);
    }

    /** Completed steps: the index of the next step {@link #run} will execute. */
    public long nextStep() {
        return nextStep;
    }

    /** The parameter store to pass to the block's forward outside the loop (evaluation, export). */
    public ParameterStore parameterStore() {
        return parameterStore;
    }

    /**
     * Puts the EMA weights into the model until the returned handle is closed.
     *
     * @throws TrainingException when EMA is off in the config
     */
    public ExponentialMovingAverage.WeightSwap swapInEma() {
        if (ema == null) {
            throw new TrainingException("EMA is off (TrainingConfig.emaDecay = 0); nothing to swap in");
        }
        return ema.swapIn(trainable);
    }

    /**
     * Runs {@code action} with the EMA weights in the model when EMA is on, else with the weights as
     * they are, and restores the raw weights afterwards: what an export of the finished model wants
     * whatever the config.
     */
    @SuppressWarnings("try") // the swap is used only for its scope: EMA weights in while it is open
    public void withAveragedWeights(Runnable action) {
        if (ema == null) {
            action.run();
            return;
        }
        try (ExponentialMovingAverage.WeightSwap swap = ema.swapIn(trainable)) {
            action.run();
        }
    }

    /** Writes a checkpoint of the current state now and returns its directory. */
    public Path writeCheckpoint() {
        if (checkpoints == null) {
            throw new TrainingException("checkpoints are off (TrainingConfig.checkpointDir is null)");
        }
        List<CheckpointHeader.ParameterEntry> entries = new ArrayList<>();
        NDList all = new NDList();
        for (NamedParameter p : parameters) {
            NDArray array = p.parameter().getArray();
            entries.add(new CheckpointHeader.ParameterEntry(p.name(), array.getShape().getShape(),
                    array.getDataType().toString(), p.trainable()));
            all.add(array);
        }
        CheckpointHeader header = new CheckpointHeader(CheckpointStore.FORMAT, CheckpointStore.FORMAT_VERSION,
                nextStep, config.seed(), entries, "AdamW", optimizer.stepCount(), ema != null, schedule.state(),
                Map.of(), currentTask == null ? null : currentTask.saveState());
        Path written = checkpoints.write(header, all, optimizer.moments(), ema == null ? null : ema.weights());
        LOG.debug("checkpoint {} written", written);
        return written;
    }

    private StepRecord step(TrainingTask task, long step) {
        for (int attempt = 0; ; attempt++) {
            StepRecord record = attempt(task, step, attempt < NON_FINITE_RETRIES);
            if (record != null) {
                return record;
            }
            LOG.warn("step {}: non-finite gradient norm; computing the step again from the same state and seeds", step);
        }
    }

    /**
     * One try at a step; null when the gradient norm is not finite and {@code mayRetry} (nothing
     * was updated). PyTorch's CPU kernels have been seen to give a NaN gradient once for a step that
     * is finite when computed again from the same state, batch and seeds (a fault, not divergence:
     * a diverging run fails again and stops).
     */
    private StepRecord attempt(TrainingTask task, long step, boolean mayRetry) {
        engine.setRandomSeed(StepSeeds.engineSeed(config.seed(), step));
        try (NDManager stepManager = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList batch = task.batch(step, StepSeeds.random(config.seed(), step), stepManager);
            StepOutput output;
            double loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                output = task.loss(parameterStore, batch, true);
                loss = scalar(output.loss(), "loss", step);
                if (!Double.isFinite(loss)) {
                    throw new NonFiniteValueException(step, "loss", loss);
                }
                collector.backward(output.loss());
            }
            List<NDArray> gradients = new ArrayList<>(trainable.size());
            for (NDArray p : trainable) {
                gradients.add(p.getGradient());
            }
            double norm = GradientClipping.globalNorm(gradients);
            if (!Double.isFinite(norm)) {
                zeroGradients();
                if (mayRetry) {
                    return null;
                }
                throw new NonFiniteValueException(step, "gradient norm", norm);
            }
            double clipScale = GradientClipping.scale(norm, config.clipNorm());
            double lr = schedule.rate(step);
            optimizer.step(trainable, gradients, lr, clipScale);
            zeroGradients();
            if (ema != null) {
                ema.update(trainable);
            }
            schedule.observe(step, loss);
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : output.metrics().entrySet()) {
                metrics.put(e.getKey(), scalar(e.getValue(), e.getKey(), step));
            }
            return new StepRecord(step, loss, lr, norm, clipScale, metrics);
        }
    }

    private static double scalar(NDArray array, String what, long step) {
        if (array.size() != 1) {
            throw new TrainingException(what + " at step " + step + " must be a single value, got shape "
                    + array.getShape());
        }
        return array.toType(DataType.FLOAT64, false).getDouble();
    }

    /** Sets every gradient to zero in place (PyTorch accumulates gradients across backward passes). */
    private void zeroGradients() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray p : trainable) {
                // a fill, not g - g, so that a NaN gradient is cleared too
                p.getGradient().set(new NDIndex("..."), 0);
            }
        }
    }

    private void restoreLatest() {
        if (checkpoints == null) {
            return;
        }
        checkpoints.removeIncomplete();
        Path latest = checkpoints.latest().orElse(null);
        if (latest == null) {
            return;
        }
        try (NDManager loadManager = manager.newSubManager(); Checkpoint loaded = CheckpointStore.read(latest, loadManager)) {
            CheckpointHeader header = loaded.header();
            if (header.seed() != config.seed()) {
                throw new CheckpointException("checkpoint " + latest + " was written with seed " + header.seed()
                        + " but TrainingConfig.seed is " + config.seed()
                        + "; resume with the same seed or use another checkpointDir");
            }
            if (header.ema() != (ema != null)) {
                throw new CheckpointException("checkpoint " + latest + (header.ema() ? " has" : " has no")
                        + " EMA weights but TrainingConfig.emaDecay is " + config.emaDecay());
            }
            CheckpointStore.checkParameters(header, parameters, latest.toString());
            for (int i = 0; i < parameters.size(); i++) {
                loaded.parameters().get(i).copyTo(parameters.get(i).parameter().getArray());
            }
            optimizer.restore(header.optimizerStep(), loaded.optimizerMoments());
            if (ema != null) {
                ema.restore(loaded.ema());
            }
            schedule.restore(header.schedule());
            pendingTaskState = header.taskState();
            nextStep = header.step();
            resumedFrom = nextStep;
            lastCheckpoint = latest;
        }
    }

    /** Frees the optimizer state, the EMA and the loop's scratch memory; the model's parameters stay. */
    @Override
    public void close() {
        try {
            if (ema != null) {
                ema.close();
            }
        } finally {
            try {
                optimizer.close();
            } finally {
                manager.close();
            }
        }
    }
}
