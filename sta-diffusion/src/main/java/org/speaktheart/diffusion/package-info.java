/**
 * VQ-Diffusion: discrete diffusion over image tokens, conditioned on an embedding.
 *
 * <p>Plain Java, no engine imports: {@code schedule} holds the noise schedules, {@code process} the
 * forward process and its posteriors in log space, {@code loss} the training-loss arithmetic and the
 * importance sampler of timesteps, {@code sampling} the {@code Denoiser} interface and the samplers.
 * On the engines: {@code network} (the denoiser Transformer, its ONNX export and loader) and
 * {@code training} (the loss on DJL tensors and the training task).
 * Token ids are {@code 0..K-1} for codebook entries and {@code K} for [MASK]; timesteps are 1-based
 * ({@code x_t} for {@code t in 1..T}, {@code x_0} the clean grid).
 */
package org.speaktheart.diffusion;
