package org.speaktheart.audio.io;

import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.CorruptAudioException;
import org.speaktheart.audio.InvalidAudioException;
import org.speaktheart.audio.UnsupportedAudioFormatException;

/**
 * Parses a RIFF/WAVE file held in memory.
 *
 * <p>Every size read from the file is checked against the bytes actually present before it is
 * used, so a lying header can never cause a large allocation or a read past the end.
 */
final class WavParser {
    /** Highest channel count accepted; more is treated as a corrupt header. */
    static final int MAX_CHANNELS = 64;

    private static final int TAG_PCM = 1;
    private static final int TAG_FLOAT = 3;
    private static final int TAG_A_LAW = 6;
    private static final int TAG_MU_LAW = 7;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE GUIDs for PCM and IEEE float. */
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
            0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private WavParser() {
    }

    static AudioClip parse(byte[] b) {
        // Header already checked by the caller: "RIFF" <size> "WAVE".
        long riffSize = u32(b, 4);
        // Streaming writers leave 0 (or 0xFFFFFFFF) as the RIFF size: then the file's real length bounds
        // the chunks; otherwise the declared size does, so trailing bytes after the RIFF body are ignored.
        long end = riffSize < 4 ? b.length : Math.min(b.length, 8 + riffSize);
        int pos = 12;
        Format fmt = null;
        while (pos + 8 <= end) {
            String id = new String(b, pos, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = u32(b, pos + 4);
            int body = pos + 8;
            long remaining = end - body;
            if (id.equals("fmt ")) {
                if (size > remaining) {
                    throw new CorruptAudioException("fmt chunk declares " + size + " bytes but only " + remaining + " remain");
                }
                fmt = parseFormat(b, body, (int) size);
            } else if (id.equals("data")) {
                if (fmt == null) {
                    throw new CorruptAudioException("data chunk at byte " + pos + " comes before any fmt chunk; fmt must come first");
                }
                if (size == 0xFFFFFFFFL) {
                    size = remaining; // streaming writers mark an unknown length this way
                } else if (size > remaining) {
                    throw new CorruptAudioException("data chunk declares " + size + " bytes but only " + remaining
                            + " remain (truncated file or lying header)");
                }
                return decode(b, body, size, fmt);
            } else if (size > remaining) {
                throw new CorruptAudioException("chunk '" + printable(id) + "' at byte " + pos + " declares " + size
                        + " bytes but only " + remaining + " remain");
            }
            pos = (int) (body + size + (size & 1)); // chunks are padded to even length
        }
        throw new CorruptAudioException(fmt == null ? "no fmt chunk found; a WAVE file needs fmt and data chunks"
                : "no data chunk found after the fmt chunk");
    }

    private record Format(int channels, long sampleRate, int containerBytes, PcmCodec.Kind kind) {
    }

    private static Format parseFormat(byte[] b, int p, int size) {
        if (size < 16) {
            throw new CorruptAudioException("fmt chunk has " + size + " bytes; at least 16 are accepted");
        }
        int tag = u16(b, p);
        int channels = u16(b, p + 2);
        long rate = u32(b, p + 4);
        int blockAlign = u16(b, p + 12);
        int bits = u16(b, p + 14);
        int effectiveTag = tag;
        if (tag == TAG_EXTENSIBLE) {
            if (size < 40 || u16(b, p + 16) < 22) {
                throw new CorruptAudioException("WAVE_FORMAT_EXTENSIBLE fmt chunk has " + size
                        + " bytes; 40 with an extension of 22 are accepted");
            }
            int validBits = u16(b, p + 18);
            if (validBits > bits) {
                throw new CorruptAudioException("valid bits " + validBits + " exceed the container of " + bits + " bits");
            }
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (b[p + 26 + i] != GUID_TAIL[i]) {
                    throw new UnsupportedAudioFormatException("WAVE_FORMAT_EXTENSIBLE sub-format GUID is not PCM or IEEE float; "
                            + "those two are accepted");
                }
            }
            effectiveTag = u16(b, p + 24);
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new CorruptAudioException("channel count " + channels + " is outside 1.." + MAX_CHANNELS);
        }
        AudioClip.checkSampleRate(rate);
        PcmCodec.Kind kind;
        if (effectiveTag == TAG_PCM) {
            if (bits < 1 || bits > 32) {
                throw new UnsupportedAudioFormatException(bits + "-bit integer PCM is not supported; 8, 16, 24 and 32 (or less in those containers) are accepted");
            }
            kind = bits <= 8 ? PcmCodec.Kind.UNSIGNED_INT : PcmCodec.Kind.SIGNED_INT;
        } else if (effectiveTag == TAG_FLOAT) {
            if (bits != 32 && bits != 64) {
                throw new UnsupportedAudioFormatException(bits + "-bit float is not supported; 32 and 64 are accepted");
            }
            kind = PcmCodec.Kind.FLOAT;
        } else if (effectiveTag == TAG_A_LAW || effectiveTag == TAG_MU_LAW) {
            if (bits != 8) {
                throw new UnsupportedAudioFormatException(bits + "-bit G.711 is not supported; 8-bit A-law and mu-law are accepted");
            }
            kind = effectiveTag == TAG_A_LAW ? PcmCodec.Kind.A_LAW : PcmCodec.Kind.MU_LAW;
        } else {
            throw new UnsupportedAudioFormatException("WAVE format tag 0x" + Integer.toHexString(effectiveTag)
                    + " (" + tagName(effectiveTag) + ") is not supported; integer PCM (1), IEEE float (3), A-law (6), "
                    + "mu-law (7) and extensible (0xfffe) are accepted");
        }
        int containerBytes = (bits + 7) / 8;
        if (blockAlign != channels * containerBytes) {
            throw new CorruptAudioException("block align " + blockAlign + " contradicts " + channels + " channels of "
                    + bits + "-bit samples (expected " + channels * containerBytes + ")");
        }
        return new Format(channels, rate, containerBytes, kind);
    }

    private static AudioClip decode(byte[] b, int body, long size, Format f) {
        int frameBytes = f.channels * f.containerBytes;
        long frames = size / frameBytes; // a trailing partial frame is dropped
        if (frames == 0) {
            throw new InvalidAudioException("WAV data chunk holds no complete sample frame (" + size
                    + " bytes, " + frameBytes + " per frame); at least one frame is accepted");
        }
        float[] mono = PcmCodec.decodeMono(b, body, (int) frames, f.channels, f.containerBytes, f.kind, false);
        return AudioClip.of(mono, (int) f.sampleRate);
    }

    private static String tagName(int tag) {
        return switch (tag) {
            case 2 -> "MS ADPCM";
            case 0x11 -> "IMA ADPCM";
            case 0x50, 0x55 -> "MPEG";
            default -> "unknown";
        };
    }

    static String printable(String id) {
        StringBuilder s = new StringBuilder();
        for (char c : id.toCharArray()) {
            s.append(c >= 32 && c < 127 ? c : '?');
        }
        return s.toString();
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    }
}
