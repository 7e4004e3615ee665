package org.speaktheart.diffusion.sampling;

import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * The timesteps a sampler visits: {@code steps + 1} values from T down to 0, evenly spaced
 * ({@code t_i = round(i * T / steps)}), so {@code steps = T} is every step and {@code steps = T / k}
 * a stride of k. Each consecutive pair (t, s) is one denoising jump.
 */
public final class TimeGrid {

    private TimeGrid() {
    }

    /** The grid {@code [T, ..., 0]} of length {@code steps + 1}. */
    public static int[] of(int totalSteps, int steps) {
        if (steps < 1 || steps > totalSteps) {
            throw new DiffusionArgumentException("steps must be in [1, T = " + totalSteps + "], got " + steps);
        }
        int[] grid = new int[steps + 1];
        for (int i = 0; i <= steps; i++) {
            grid[i] = (int) Math.round((double) (steps - i) * totalSteps / steps);
        }
        return grid;
    }
}
