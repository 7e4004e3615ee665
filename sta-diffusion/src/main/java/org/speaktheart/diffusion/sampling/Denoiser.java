package org.speaktheart.diffusion.sampling;

/**
 * The network seen by the samplers: predicts the clean grid {@code x_0} from a noisy grid {@code x_t}
 * (the x0-parameterisation of VQ-Diffusion). Implemented by the ONNX model at inference and by the
 * DJL model during training; the samplers own the denoising loop.
 *
 * <p>Output layout: a flat {@code float[B * N * K]}, row-major {@code [B, N, K]}: the score of
 * codebook token {@code k} at position {@code n} of item {@code b} is at {@code (b * N + n) * K + k}.
 * Values are unnormalised logits or log-probabilities over the K codebook tokens only (no [MASK]
 * entry); the sampler applies log-softmax. The caller takes ownership of the returned array and may
 * overwrite it.
 */
public interface Denoiser {

    /** K, the number of codebook tokens the network scores ([MASK] = K on input). */
    int codebookSize();

    /**
     * Predicts the logits of {@code x_0} for a batch.
     *
     * @param input the noisy tokens, timesteps and condition (see {@link DenoiserInput} for layouts)
     * @return logits {@code [B, N, K]} as described in the type's documentation
     */
    float[] predict(DenoiserInput input);
}
