package org.speaktheart.diffusion.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.process.Jump;
import org.speaktheart.diffusion.process.LogMath;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/**
 * Generates token grids with a {@link Denoiser}: the denoising loop of VQ-Diffusion, from an all-[MASK]
 * grid at t = T (as the original code starts, for either schedule) down to t = 0, over the
 * {@link TimeGrid} of the configured number of steps.
 *
 * <p>Per step t -> s: one batched network call (two rows per grid, conditional then null, when the
 * guidance scale is neither 0 nor 1), classifier-free guidance (on log-softmaxed rows), truncation, then the
 * {@link AncestralStep} or {@link PurityStep} of every grid with the grid's own random stream.
 * Inpainting positions are never changed. A sampler is immutable and may be shared; each call
 * allocates its own buffers.
 */
public final class DiffusionSampler {

    private final NoiseSchedule schedule;
    private final SamplerConfig config;
    private final int k;
    private final int[] grid;
    private final Jump[] jumps;

    /**
     * @throws DiffusionArgumentException if {@code config.steps()} exceeds the schedule's T
     */
    public DiffusionSampler(NoiseSchedule schedule, SamplerConfig config) {
        if (schedule == null || config == null) {
            throw new DiffusionArgumentException("schedule and config must not be null");
        }
        this.schedule = schedule;
        this.config = config;
        this.k = schedule.codebookSize();
        this.grid = TimeGrid.of(schedule.steps(), config.steps());
        this.jumps = new Jump[config.steps()];
        for (int i = 0; i < jumps.length; i++) {
            jumps[i] = Jump.of(schedule, grid[i + 1], grid[i]);
        }
    }

    /** The schedule sampled. */
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** The options of this sampler. */
    public SamplerConfig config() {
        return config;
    }

    /** The visited timesteps {@code [T, ..., 0]}. */
    public int[] timeGrid() {
        return grid.clone();
    }

    /** {@link #sample(Denoiser, SampleRequest, ProgressListener)} without progress reports. */
    public int[] sample(Denoiser denoiser, SampleRequest request) {
        return sample(denoiser, request, ProgressListener.NONE);
    }

    /**
     * Runs the whole denoising loop.
     *
     * @return tokens {@code int[B * N]}, row-major {@code [B, N]}, every value in {@code 0..K-1}
     * @throws DiffusionArgumentException if the denoiser's codebook or output size does not fit, or
     *                                    inpainting tokens are out of range
     */
    public int[] sample(Denoiser denoiser, SampleRequest request, ProgressListener listener) {
        if (denoiser.codebookSize() != k) {
            throw new DiffusionArgumentException("denoiser codebookSize " + denoiser.codebookSize()
                    + " does not match the schedule's K = " + k);
        }
        int batch = request.batch();
        int length = request.length();
        int[] tokens = initialTokens(request);
        boolean[] keep = request.keep();
        SplittableRandom root = new SplittableRandom(request.seed());
        SplittableRandom[] rngs = new SplittableRandom[batch];
        for (int b = 0; b < batch; b++) {
            rngs[b] = root.split();
        }
        Truncation truncation = new Truncation(k);
        AncestralStep ancestral = new AncestralStep(k);
        PurityStep purity = new PurityStep(k);
        int[] timesteps = new int[batch];
        for (int i = 0; i < jumps.length; i++) {
            Jump jump = jumps[i];
            Arrays.fill(timesteps, jump.to());
            float[] logX0 = predictX0(denoiser, request, tokens, timesteps, truncation);
            for (int b = 0; b < batch; b++) {
                int off = b * length;
                if (config.strategy() == SamplingStrategy.PURITY) {
                    purity.apply(jump, config.purityWeight(), logX0, off * k, tokens, off, length, keep, off, rngs[b]);
                } else {
                    ancestral.apply(jump, logX0, off * k, tokens, off, length, keep, off, rngs[b]);
                }
            }
            listener.onStep(new SamplingProgress(i + 1, jumps.length, jump.to(), jump.from(), countMasked(tokens)));
        }
        return tokens;
    }

    private int[] initialTokens(SampleRequest request) {
        int[] tokens = new int[request.batch() * request.length()];
        Arrays.fill(tokens, k);
        if (request.isInpainting()) {
            int[] fixed = request.fixedTokens();
            boolean[] keep = request.keep();
            for (int i = 0; i < tokens.length; i++) {
                if (keep[i]) {
                    if (fixed[i] < 0 || fixed[i] >= k) {
                        throw new DiffusionArgumentException("fixedTokens[" + i + "] must be a codebook token in [0, "
                                + (k - 1) + "] where keep is true, got " + fixed[i]);
                    }
                    tokens[i] = fixed[i];
                }
            }
        }
        return tokens;
    }

    /** Guided and truncated log p(x0 | x_t), {@code [B, N, K]}, normalised unless the draw does not need it. */
    private float[] predictX0(Denoiser denoiser, SampleRequest request, int[] tokens, int[] timesteps,
            Truncation truncation) {
        int batch = request.batch();
        int length = request.length();
        int rows = batch * length;
        float[][] condition = request.condition();
        double w = config.guidanceScale();
        float[] logX0;
        if (condition != null && config.needsBothPredictions()) {
            // [2B, N]: the B conditional grids, then the same grids with the null condition.
            int[] tokens2 = new int[2 * rows];
            System.arraycopy(tokens, 0, tokens2, 0, rows);
            System.arraycopy(tokens, 0, tokens2, rows, rows);
            int[] timesteps2 = new int[2 * batch];
            System.arraycopy(timesteps, 0, timesteps2, 0, batch);
            System.arraycopy(timesteps, 0, timesteps2, batch, batch);
            float[][] condition2 = new float[2 * batch][];
            boolean[] null2 = new boolean[2 * batch];
            for (int b = 0; b < batch; b++) {
                condition2[b] = condition[b];
                condition2[batch + b] = condition[b];
                null2[batch + b] = true;
            }
            float[] both = call(denoiser, new DenoiserInput(2 * batch, length, tokens2, timesteps2, condition2, null2),
                    2 * rows);
            logX0 = new float[rows * k];
            for (int r = 0; r < rows; r++) {
                LogMath.logSoftmaxInPlace(both, r * k, k);
                LogMath.logSoftmaxInPlace(both, (rows + r) * k, k);
                ClassifierFreeGuidance.combine(both, r * k, both, (rows + r) * k, k, w, logX0, r * k);
            }
        } else {
            boolean[] nulls = new boolean[batch];
            Arrays.fill(nulls, condition == null || w == 0.0);
            logX0 = call(denoiser, new DenoiserInput(batch, length, tokens, timesteps, condition, nulls), rows);
            // No log-softmax: the ancestral draw is linear in p(x0 | x_t) and the purity step
            // normalises the rows it reads, so raw logits give the same tokens.
        }
        if (config.truncationRate() < 1) {
            for (int r = 0; r < rows; r++) {
                truncation.apply(logX0, r * k, k, config.truncationRate());
            }
        }
        return logX0;
    }

    private float[] call(Denoiser denoiser, DenoiserInput input, int rows) {
        float[] out = denoiser.predict(input);
        if (out == null || out.length != rows * k) {
            throw new DiffusionArgumentException("denoiser must return B * N * K = " + rows + " * " + k + " = "
                    + (long) rows * k + " logits, got " + (out == null ? "null" : out.length));
        }
        return out;
    }

    private int countMasked(int[] tokens) {
        int masked = 0;
        for (int token : tokens) {
            if (token == k) {
                masked++;
            }
        }
        return masked;
    }
}
