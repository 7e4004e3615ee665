package org.speaktheart.vqvae;

/**
 * How pixel values are scaled inside the networks and the exported graphs. An 8-bit channel value
 * {@code v} in 0..255 becomes {@code v / 255} ({@link #ZERO_ONE}) or {@code v / 127.5 - 1}
 * ({@link #MINUS_ONE_ONE}); the decoder's output is read back in the same range and clamped.
 */
public enum PixelRange {
    /** Pixels in [0, 1]. */
    ZERO_ONE(0f, 1f),
    /** Pixels in [-1, 1] (the VQGAN convention and the default). */
    MINUS_ONE_ONE(-1f, 1f);

    private final float low;
    private final float high;

    PixelRange(float low, float high) {
        this.low = low;
        this.high = high;
    }

    /** Value of a black channel (8-bit 0). */
    public float low() {
        return low;
    }

    /** Value of a full channel (8-bit 255). */
    public float high() {
        return high;
    }

    /** An 8-bit channel value (0..255) in this range. */
    public float fromByte(int v) {
        return low + (high - low) * (v / 255f);
    }

    /** A value in this range back to 8 bits, clamped and rounded. */
    public int toByte(float x) {
        float unit = (x - low) / (high - low);
        int v = Math.round(unit * 255f);
        return v < 0 ? 0 : Math.min(255, v);
    }
}
