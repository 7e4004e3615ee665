package org.speaktheart.audio.io;

/**
 * Sample encodings that {@link WavWriter} writes and {@link AudioDecoder} reads in WAV files.
 *
 * <p>Integer encodings map full scale [-1, 1) onto the integer range; writing rounds to the
 * nearest step and clips to the range.
 */
public enum WavEncoding {
    /** Unsigned 8-bit integer PCM (128 = zero), format tag 1. */
    PCM_U8(8, false),
    /** Signed 16-bit little-endian integer PCM, format tag 1. */
    PCM_16(16, false),
    /** Signed 24-bit little-endian integer PCM, format tag 1. */
    PCM_24(24, false),
    /** Signed 32-bit little-endian integer PCM, format tag 1. */
    PCM_32(32, false),
    /** IEEE 754 32-bit float, format tag 3. */
    FLOAT_32(32, true),
    /** IEEE 754 64-bit float, format tag 3. */
    FLOAT_64(64, true);

    private final int bits;
    private final boolean floating;

    WavEncoding(int bits, boolean floating) {
        this.bits = bits;
        this.floating = floating;
    }

    /** @return bits per sample (the container size) */
    public int bits() {
        return bits;
    }

    /** @return bytes per sample */
    public int bytes() {
        return bits / 8;
    }

    /** @return true for IEEE float encodings */
    public boolean floating() {
        return floating;
    }

    /** @return the WAVE format tag (1 = integer PCM, 3 = IEEE float) */
    int formatTag() {
        return floating ? 3 : 1;
    }
}
