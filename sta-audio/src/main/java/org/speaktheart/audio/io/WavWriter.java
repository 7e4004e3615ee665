package org.speaktheart.audio.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioIOException;
import org.speaktheart.audio.InvalidAudioException;

/**
 * Writes WAV files: integer PCM (8/16/24/32-bit) or IEEE float (32/64-bit), mono clips or planar
 * multi-channel data, with the classic 16-byte fmt chunk or WAVE_FORMAT_EXTENSIBLE.
 *
 * <p>Writes to a {@link Path} are atomic: the file is written to a temporary file in the same
 * folder and moved over the target with {@code ATOMIC_MOVE}, so readers never see a half file.
 * Integer encodings clip to full scale and round to the nearest step.
 */
public final class WavWriter {
    private WavWriter() {
    }

    /**
     * Encodes a mono clip.
     *
     * @param clip the clip
     * @param encoding sample encoding
     * @return the complete WAV file
     */
    public static byte[] toBytes(AudioClip clip, WavEncoding encoding) {
        return toBytes(new float[][] {clip.samples()}, clip.sampleRate(), encoding, false);
    }

    /**
     * Encodes planar multi-channel audio.
     *
     * @param channels samples as {@code [channel][sample]}, finite; all channels the same length, at least one channel
     * @param sampleRate sample rate in Hz
     * @param encoding sample encoding
     * @param extensible true to write WAVE_FORMAT_EXTENSIBLE (40-byte fmt chunk with a sub-format GUID)
     * @return the complete WAV file
     */
    public static byte[] toBytes(float[][] channels, int sampleRate, WavEncoding encoding, boolean extensible) {
        AudioClip.checkSampleRate(sampleRate);
        int nch = channels.length;
        if (nch < 1 || nch > WavParser.MAX_CHANNELS) {
            throw new InvalidAudioException(nch + " channels given; 1.." + WavParser.MAX_CHANNELS + " are accepted");
        }
        int frames = channels[0].length;
        for (int c = 0; c < nch; c++) {
            float[] ch = channels[c];
            if (ch.length != frames) {
                throw new InvalidAudioException("channels have different lengths (" + frames + " and " + ch.length
                        + "); equal lengths are accepted");
            }
            for (int i = 0; i < frames; i++) {
                if (!Float.isFinite(ch[i])) {
                    throw new InvalidAudioException("channel " + c + " sample " + i + " is " + ch[i]
                            + "; only finite samples are written");
                }
            }
        }
        int bps = encoding.bytes();
        long dataBytes = (long) frames * nch * bps;
        int fmtSize = extensible ? 40 : (encoding.floating() ? 18 : 16);
        long total = 12 + 8 + fmtSize + (encoding.floating() ? 12 : 0) + 8 + dataBytes + (dataBytes & 1);
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidAudioException("WAV of " + total + " bytes is too large; at most 2 GiB is written");
        }
        byte[] out = new byte[(int) total];
        int p = 0;
        p = putId(out, p, "RIFF");
        PcmCodec.putLe(out, p, total - 8, 4);
        p += 4;
        p = putId(out, p, "WAVE");
        p = putId(out, p, "fmt ");
        PcmCodec.putLe(out, p, fmtSize, 4);
        p += 4;
        PcmCodec.putLe(out, p, extensible ? 0xFFFE : encoding.formatTag(), 2);
        PcmCodec.putLe(out, p + 2, nch, 2);
        PcmCodec.putLe(out, p + 4, sampleRate, 4);
        PcmCodec.putLe(out, p + 8, (long) sampleRate * nch * bps, 4);
        PcmCodec.putLe(out, p + 12, nch * bps, 2);
        PcmCodec.putLe(out, p + 14, encoding.bits(), 2);
        if (extensible) {
            PcmCodec.putLe(out, p + 16, 22, 2);
            PcmCodec.putLe(out, p + 18, encoding.bits(), 2);
            PcmCodec.putLe(out, p + 20, nch <= 18 ? (1L << nch) - 1 : 0, 4); // first nch speaker positions
            PcmCodec.putLe(out, p + 24, encoding.formatTag(), 2);
            byte[] tail = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
                    (byte) 0x9B, 0x71};
            System.arraycopy(tail, 0, out, p + 26, tail.length);
        } else if (encoding.floating()) {
            PcmCodec.putLe(out, p + 16, 0, 2); // cbSize: non-PCM formats carry it
        }
        p += fmtSize;
        if (encoding.floating()) {
            // Non-PCM WAVs carry a fact chunk with the frame count.
            p = putId(out, p, "fact");
            PcmCodec.putLe(out, p, 4, 4);
            PcmCodec.putLe(out, p + 4, frames, 4);
            p += 8;
        }
        p = putId(out, p, "data");
        PcmCodec.putLe(out, p, dataBytes, 4);
        p += 4;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < nch; c++) {
                PcmCodec.encodeOne(channels[c][f], encoding, out, p);
                p += bps;
            }
        }
        return out;
    }

    /**
     * Writes a mono clip to a stream (not closed).
     *
     * @param clip the clip
     * @param encoding sample encoding
     * @param out destination
     */
    public static void write(AudioClip clip, WavEncoding encoding, OutputStream out) {
        try {
            out.write(toBytes(clip, encoding));
        } catch (IOException e) {
            throw new AudioIOException("cannot write WAV data: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a mono clip to a file atomically, replacing an existing file.
     *
     * @param clip the clip
     * @param encoding sample encoding
     * @param file destination; its folder must exist
     */
    public static void write(AudioClip clip, WavEncoding encoding, Path file) {
        writeAtomically(toBytes(clip, encoding), file);
    }

    /**
     * Writes bytes to a file through a temporary file in the same folder and an atomic move.
     *
     * @param bytes the file content
     * @param file destination
     */
    static void writeAtomically(byte[] bytes, Path file) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            deleteQuietly(tmp);
            throw new AudioIOException("the file system of " + dir + " cannot move files atomically; "
                    + "WAV files are only written atomically", e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new AudioIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The original failure is the one worth reporting.
            }
        }
    }

    private static int putId(byte[] out, int p, String id) {
        for (int i = 0; i < 4; i++) {
            out[p + i] = (byte) id.charAt(i);
        }
        return p + 4;
    }
}
