package org.speaktheart.diffusion.network;

import org.speaktheart.diffusion.sampling.DenoiserInput;

/** Converts the sampler's {@link DenoiserInput} into the network's input arrays (shared by both engines). */
final class DenoiserInputs {
    private DenoiserInputs() {
    }

    /** Token ids as int64 {@code [B * N]}. */
    static long[] tokens(DenoiserInput in) {
        int[] t = in.tokens();
        long[] ids = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            ids[i] = t[i];
        }
        return ids;
    }

    /** The network's 0-based timesteps: t - 1 for the sampler's x_t, t in 1..T. */
    static long[] timesteps(DenoiserInput in) {
        long[] t = new long[in.batch()];
        for (int b = 0; b < t.length; b++) {
            t[b] = in.timesteps()[b] - 1L;
        }
        return t;
    }

    /** The condition rows flattened to {@code [B * C]}; zeros where there is no row. */
    static float[] condition(DenoiserInput in, int width) {
        float[] flat = new float[in.batch() * width];
        float[][] rows = in.condition();
        if (rows != null) {
            for (int b = 0; b < in.batch(); b++) {
                if (rows[b].length != width) {
                    throw new IllegalArgumentException("condition row " + b + " has width " + rows[b].length
                            + "; the denoiser expects " + width);
                }
                System.arraycopy(rows[b], 0, flat, b * width, width);
            }
        }
        return flat;
    }
}
