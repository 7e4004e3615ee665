package org.speaktheart.audio.io;

import org.speaktheart.audio.InvalidAudioException;

/** Converts interleaved PCM bytes to mono floats and floats to PCM bytes; shared by WAV, AIFF, AU and capture. */
final class PcmCodec {
    /** How a sample's bytes are interpreted. */
    enum Kind { UNSIGNED_INT, SIGNED_INT, FLOAT, MU_LAW, A_LAW }

    /** G.711 expansions of every 8-bit code to full scale (16-bit linear value / 32768). */
    private static final float[] MU_LAW_TABLE = new float[256];
    private static final float[] A_LAW_TABLE = new float[256];

    static {
        for (int code = 0; code < 256; code++) {
            int u = ~code & 0xFF;
            int exponent = (u >> 4) & 7;
            int magnitude = ((((u & 0x0F) << 3) + 0x84) << exponent) - 0x84;
            MU_LAW_TABLE[code] = ((u & 0x80) != 0 ? -magnitude : magnitude) / 32768f;
            int a = code ^ 0x55;
            int aExp = (a >> 4) & 7;
            int aMag = aExp == 0 ? ((a & 0x0F) << 4) + 8 : (((a & 0x0F) << 4) + 0x108) << (aExp - 1);
            A_LAW_TABLE[code] = ((a & 0x80) != 0 ? aMag : -aMag) / 32768f;
        }
    }

    private PcmCodec() {
    }

    /**
     * Decodes {@code frames} interleaved frames starting at {@code offset} and averages the channels.
     * The caller guarantees {@code offset + frames * channels * bytesPerSample <= data.length}.
     *
     * @return mono samples; integers scaled by 2^-(bits-1), floats as stored
     * @throws InvalidAudioException on a NaN or infinite float sample
     */
    static float[] decodeMono(byte[] data, int offset, int frames, int channels, int bytesPerSample,
                              Kind kind, boolean bigEndian) {
        float[] out = new float[frames];
        int p = offset;
        float invChannels = 1f / channels;
        if (kind == Kind.SIGNED_INT && bytesPerSample == 2 && !bigEndian) {
            // The common case (16-bit little-endian) without the generic per-byte loop.
            float scale = invChannels / 32768f;
            for (int f = 0; f < frames; f++) {
                int sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += (short) ((data[p] & 0xFF) | (data[p + 1] << 8));
                    p += 2;
                }
                out[f] = sum * scale;
            }
            return out;
        }
        for (int f = 0; f < frames; f++) {
            double sum = 0.0;
            for (int c = 0; c < channels; c++) {
                sum += decodeOne(data, p, bytesPerSample, kind, bigEndian, f);
                p += bytesPerSample;
            }
            out[f] = (float) (sum * invChannels);
        }
        return out;
    }

    private static double decodeOne(byte[] d, int p, int n, Kind kind, boolean bigEndian, int frame) {
        long raw = 0;
        for (int i = 0; i < n; i++) {
            int b = d[bigEndian ? p + i : p + n - 1 - i] & 0xFF;
            raw = (raw << 8) | b;
        }
        switch (kind) {
            case MU_LAW:
                return MU_LAW_TABLE[(int) raw];
            case A_LAW:
                return A_LAW_TABLE[(int) raw];
            case UNSIGNED_INT:
                return (raw - (1L << (8 * n - 1))) / (double) (1L << (8 * n - 1));
            case SIGNED_INT: {
                int shift = 64 - 8 * n;
                long signed = (raw << shift) >> shift;
                return signed / (double) (1L << (8 * n - 1));
            }
            default: {
                double v = n == 4 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
                if (!Double.isFinite(v)) {
                    throw new InvalidAudioException("float sample in frame " + frame + " is " + v
                            + "; only finite samples are accepted");
                }
                return v;
            }
        }
    }

    /** Writes one sample little-endian in the given encoding at {@code p}. */
    static void encodeOne(double v, WavEncoding enc, byte[] out, int p) {
        switch (enc) {
            case FLOAT_32 -> putLe(out, p, Float.floatToIntBits((float) v) & 0xFFFFFFFFL, 4);
            case FLOAT_64 -> putLe(out, p, Double.doubleToLongBits(v), 8);
            default -> {
                int bits = enc.bits();
                long full = 1L << (bits - 1);
                long q = Math.round(Math.max(-1.0, Math.min(1.0, v)) * full);
                q = Math.max(-full, Math.min(full - 1, q));
                if (enc == WavEncoding.PCM_U8) {
                    q += 128;
                }
                putLe(out, p, q, enc.bytes());
            }
        }
    }

    static void putLe(byte[] out, int p, long v, int n) {
        for (int i = 0; i < n; i++) {
            out[p + i] = (byte) (v >>> (8 * i));
        }
    }
}
