package org.speaktheart.encoder.inference;

/**
 * A zero-padded batch of front-end frames for the encoder.
 *
 * @param data row-major values, layout {@code [B, T, F]} (log-mel) or {@code [B, L, T, F]} (external)
 * @param shape the layout's sizes
 * @param frames valid frames per item
 */
public record FeatureBatch(float[] data, long[] shape, int[] frames) {

    /** Batch size. */
    public int batchSize() {
        return frames.length;
    }

    /** Padded length T (second-to-last axis). */
    public int maxFrames() {
        return (int) shape[shape.length - 2];
    }

    /** The padding mask {@code [B, T]}, row-major, true = padding. */
    public boolean[] paddingMask() {
        int t = maxFrames();
        boolean[] mask = new boolean[frames.length * t];
        for (int b = 0; b < frames.length; b++) {
            for (int i = frames[b]; i < t; i++) {
                mask[b * t + i] = true;
            }
        }
        return mask;
    }
}
