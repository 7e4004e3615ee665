package org.speaktheart.diffusion.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import java.util.Map;
import java.util.SplittableRandom;
import org.speaktheart.core.train.StepOutput;
import org.speaktheart.core.train.TrainingTask;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.loss.ImportanceTimeSampler;
import org.speaktheart.diffusion.loss.LossConfig;
import org.speaktheart.diffusion.network.DenoiserConfig;
import org.speaktheart.diffusion.network.DenoiserNetwork;
import org.speaktheart.diffusion.process.DiscreteDiffusion;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/**
 * Trains a {@link DenoiserNetwork} through the sta-core harness: each step draws a batch of grids,
 * timesteps by importance sampling (uniform until every t has history), noisy grids
 * {@code x_t ~ q(x_t | x_0)}, condition dropout to the learned null condition and, optionally,
 * {@link ConditionNoise} on the kept conditions; the loss is {@link TensorDiffusionLoss}. The
 * importance sampler's history is task state, saved in every checkpoint so a resumed run continues
 * exactly.
 *
 * <p>Metrics per step: {@code variational} (mean variational term per token) besides the loss.
 */
public final class DenoiserTrainingTask implements TrainingTask {
    private static final Gson GSON = new Gson();

    private final DenoiserNetwork network;
    private final TokenGridDataset data;
    private final DiscreteDiffusion process;
    private final TensorDiffusionLoss loss;
    private final int batchSize;
    private final float conditionDropout;
    private final ConditionNoise conditionNoise;
    private ImportanceTimeSampler timeSampler;
    private TensorDiffusionLoss.Targets pending;
    private int[] pendingT;

    /**
     * @param network the network to train (its configuration fixes K, N, C and T)
     * @param schedule the noise schedule (same K and T as the network)
     * @param lossConfig loss weights
     * @param data the training pairs
     * @param batchSize grids per step
     */
    public DenoiserTrainingTask(DenoiserNetwork network, NoiseSchedule schedule, LossConfig lossConfig,
                                TokenGridDataset data, int batchSize) {
        this(network, schedule, lossConfig, data, batchSize, ConditionNoise.none());
    }

    /**
     * As {@link #DenoiserTrainingTask(DenoiserNetwork, NoiseSchedule, LossConfig, TokenGridDataset, int)}, with
     * every drawn condition perturbed by {@code conditionNoise} (fresh noise each time an item is drawn).
     */
    public DenoiserTrainingTask(DenoiserNetwork network, NoiseSchedule schedule, LossConfig lossConfig,
                                TokenGridDataset data, int batchSize, ConditionNoise conditionNoise) {
        DenoiserConfig c = network.config();
        if (schedule.codebookSize() != c.codebookSize() || schedule.steps() != c.timesteps()) {
            throw new DiffusionArgumentException("schedule has K = " + schedule.codebookSize() + ", T = " + schedule.steps()
                    + " but the network has K = " + c.codebookSize() + ", T = " + c.timesteps());
        }
        if (data.codebookSize() != c.codebookSize() || data.length() != c.tokens() || data.conditionDim() != c.conditionDim()) {
            throw new DiffusionArgumentException("data has K = " + data.codebookSize() + ", N = " + data.length() + ", C = "
                    + data.conditionDim() + " but the network has K = " + c.codebookSize() + ", N = " + c.tokens()
                    + ", C = " + c.conditionDim());
        }
        if (batchSize < 1) {
            throw new DiffusionArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.network = network;
        this.data = data;
        this.process = new DiscreteDiffusion(schedule);
        this.loss = new TensorDiffusionLoss(process, lossConfig);
        this.batchSize = batchSize;
        this.conditionDropout = c.conditionDropout();
        if (conditionNoise == null) {
            throw new DiffusionArgumentException("conditionNoise must be set (ConditionNoise.none() for no noise)");
        }
        this.conditionNoise = conditionNoise;
        this.timeSampler = new ImportanceTimeSampler(c.timesteps(), ImportanceTimeSampler.DEFAULT_WARMUP);
    }

    /** The current probabilities of t = 1..T (index t - 1). */
    public double[] timeProbabilities() {
        return timeSampler.probabilities();
    }

    @Override
    public NDList batch(long step, SplittableRandom random, NDManager manager) {
        int n = data.length();
        int c = data.conditionDim();
        ImportanceTimeSampler.TimeDraw draw = timeSampler.sample(batchSize, random);
        int[] x0 = new int[batchSize * n];
        int[] xt = new int[batchSize * n];
        int[] noisy = new int[n];
        long[] networkT = new long[batchSize];
        float[] cond = new float[batchSize * c];
        boolean[] useNull = new boolean[batchSize];
        for (int b = 0; b < batchSize; b++) {
            int item = random.nextInt(data.size());
            System.arraycopy(data.tokens()[item], 0, x0, b * n, n);
            process.sampleForward(data.tokens()[item], draw.t()[b], random, noisy);
            System.arraycopy(noisy, 0, xt, b * n, n);
            System.arraycopy(data.conditions()[item], 0, cond, b * c, c);
            useNull[b] = random.nextDouble() < conditionDropout;
            if (!useNull[b]) {
                conditionNoise.apply(cond, b * c, c, random);
            }
            networkT[b] = draw.t()[b] - 1L; // the network's timestep input is 0-based
        }
        pending = loss.targets(batchSize, n, x0, xt, draw.t(), draw.pt());
        pendingT = draw.t();
        long[] xtIds = new long[xt.length];
        for (int i = 0; i < xt.length; i++) {
            xtIds[i] = xt[i];
        }
        return new NDList(manager.create(xtIds, new Shape(batchSize, n)), manager.create(networkT),
                manager.create(cond, new Shape(batchSize, c)), manager.create(useNull));
    }

    @Override
    public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
        NDArray logits = network.forward(parameters, batch, training).singletonOrThrow(); // [B, N, K]
        NDArray[] out = loss.loss(logits, pending);
        float[] variational = out[1].toFloatArray();
        double mean = 0;
        for (int b = 0; b < variational.length; b++) {
            if (Float.isFinite(variational[b])) {
                timeSampler.record(pendingT[b], variational[b] / data.length());
            }
            mean += variational[b] / ((double) data.length() * variational.length);
        }
        return new StepOutput(out[0], Map.of("variational", out[0].getManager().create((float) mean)));
    }

    @Override
    public String saveState() {
        return GSON.toJson(new SamplerState(timeSampler.history(), timeSampler.counts()));
    }

    @Override
    public void restoreState(String state) {
        SamplerState s = GSON.fromJson(state, SamplerState.class);
        timeSampler = ImportanceTimeSampler.restore(ImportanceTimeSampler.DEFAULT_WARMUP, s.history(), s.counts());
    }

    private record SamplerState(double[] history, long[] counts) {
    }
}
