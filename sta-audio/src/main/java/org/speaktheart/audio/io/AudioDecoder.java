package org.speaktheart.audio.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioException;
import org.speaktheart.audio.AudioIOException;
import org.speaktheart.audio.CorruptAudioException;
import org.speaktheart.audio.InvalidAudioException;
import org.speaktheart.audio.UnsupportedAudioFormatException;

/**
 * Decodes an audio file into a mono {@link AudioClip} at the file's own sample rate.
 *
 * <p>The container is detected from the first bytes, never from a file name:
 * <ul>
 *   <li>WAV (RIFF/WAVE): integer PCM of 8 (unsigned), 16, 24 and 32 bits (and narrower widths
 *       stored in those containers), IEEE float of 32 and 64 bits, 8-bit G.711 A-law and mu-law,
 *       WAVE_FORMAT_EXTENSIBLE with a PCM or float sub-format; parsed by this package itself.</li>
 *   <li>AIFF/AIFC and AU (Sun/NeXT): read through {@code javax.sound.sampled}, including their
 *       A-law and mu-law variants.</li>
 * </ul>
 * Any channel count up to 64 is mixed down by averaging. Any sample rate in
 * [{@value AudioClip#MIN_SAMPLE_RATE}, {@value AudioClip#MAX_SAMPLE_RATE}] Hz is kept as is; use
 * {@link org.speaktheart.audio.dsp.Resampler} to reach a model rate. FLAC, Ogg, MP3, RF64 and
 * ADPCM WAV are refused with {@link UnsupportedAudioFormatException}.
 *
 * <p>Failures are always one of: {@link UnsupportedAudioFormatException} (not a supported format),
 * {@link CorruptAudioException} (truncated, inconsistent or lying header, empty input),
 * {@link InvalidAudioException} (bad sample rate, NaN/Inf samples, no samples, input over the size
 * limit) and {@link AudioIOException} (the file or stream could not be read). The whole input is
 * held in memory, at most {@link #maxInputBytes()} bytes, and no allocation is sized from a header
 * field, so a lying header cannot exhaust memory.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AudioDecoder {
    /** Default input size limit: 512 MiB (about 45 minutes of 48 kHz stereo 16-bit WAV). */
    public static final long DEFAULT_MAX_INPUT_BYTES = 512L << 20;

    private static final AudioDecoder STANDARD = new AudioDecoder(DEFAULT_MAX_INPUT_BYTES);

    private final long maxInputBytes;

    /**
     * Creates a decoder with an input size limit.
     *
     * @param maxInputBytes largest accepted input in bytes, in [12, {@code Integer.MAX_VALUE - 8}]
     */
    public AudioDecoder(long maxInputBytes) {
        if (maxInputBytes < 12 || maxInputBytes > Integer.MAX_VALUE - 8) {
            throw new org.speaktheart.audio.AudioConfigException("maxInputBytes " + maxInputBytes
                    + " is outside 12.." + (Integer.MAX_VALUE - 8));
        }
        this.maxInputBytes = maxInputBytes;
    }

    /** @return a shared decoder with the default size limit of {@value #DEFAULT_MAX_INPUT_BYTES} bytes */
    public static AudioDecoder standard() {
        return STANDARD;
    }

    /** @return the largest accepted input in bytes */
    public long maxInputBytes() {
        return maxInputBytes;
    }

    /**
     * Decodes a file.
     *
     * @param file the audio file
     * @return the mono clip at the file's sample rate
     */
    public AudioClip decode(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new AudioIOException("audio file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new AudioIOException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
        checkSize(size);
        try {
            return decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new AudioIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a stream to its end (not closing it) and decodes it.
     *
     * @param in the encoded audio
     * @return the mono clip
     */
    public AudioClip decode(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) maxInputBytes + 1);
        } catch (IOException e) {
            throw new AudioIOException("cannot read the audio stream: " + e.getMessage(), e);
        }
        checkSize(bytes.length);
        return decode(bytes);
    }

    /**
     * Decodes an encoded file held in memory.
     *
     * @param bytes the whole file
     * @return the mono clip
     */
    public AudioClip decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new CorruptAudioException("audio input is empty; a WAV, AIFF or AU file is accepted");
        }
        checkSize(bytes.length);
        if (bytes.length < 12) {
            throw new CorruptAudioException("audio input has only " + bytes.length
                    + " bytes, too short for any accepted header (WAV, AIFF, AU)");
        }
        String magic = ascii(bytes, 0, 4);
        String sub = ascii(bytes, 8, 4);
        if (magic.equals("RIFF") && sub.equals("WAVE")) {
            return WavParser.parse(bytes);
        }
        if ((magic.equals("FORM") && (sub.equals("AIFF") || sub.equals("AIFC"))) || magic.equals(".snd")) {
            return decodeWithJavaSound(bytes, magic.equals(".snd") ? "AU" : "AIFF");
        }
        throw new UnsupportedAudioFormatException(describeUnsupported(bytes, magic, sub)
                + "; accepted: WAV (RIFF/WAVE PCM or float), AIFF/AIFC, AU");
    }

    private void checkSize(long size) {
        if (size > maxInputBytes) {
            throw new InvalidAudioException("audio input has " + size + " bytes; at most " + maxInputBytes
                    + " are accepted by this decoder");
        }
    }

    private static String describeUnsupported(byte[] b, String magic, String sub) {
        if (magic.equals("fLaC")) {
            return "FLAC is not supported (no well-kept pure-Java decoder); convert to WAV";
        }
        if (magic.equals("OggS")) {
            return "Ogg (Vorbis/Opus) is not supported; convert to WAV";
        }
        if (magic.startsWith("ID3") || ((b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0)) {
            return "MP3 is not supported; convert to WAV";
        }
        if (magic.equals("RIFF")) {
            return "RIFF file of type '" + WavParser.printable(sub) + "' is not audio";
        }
        if (magic.equals("RF64") || magic.equals("RIFX")) {
            return magic + " WAV variant is not supported";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            hex.append(String.format("%02x", b[i] & 0xFF));
        }
        return "unrecognised audio header 0x" + hex;
    }

    /**
     * Decodes raw interleaved PCM bytes described by a {@code javax.sound} format and mixes to mono.
     *
     * @param data the bytes; a trailing partial frame is ignored
     * @param format PCM_SIGNED or PCM_UNSIGNED of 1 to 32 bits, or PCM_FLOAT of 32 or 64 bits, any byte order,
     *               1 to 64 channels
     * @return mono samples, integers scaled by 2^-(bits-1)
     * @throws UnsupportedAudioFormatException for other encodings or layouts
     */
    public static float[] decodePcm(byte[] data, AudioFormat format) {
        int channels = format.getChannels();
        int bits = format.getSampleSizeInBits();
        int bytesPer = (bits + 7) / 8;
        AudioFormat.Encoding enc = format.getEncoding();
        PcmCodec.Kind kind = enc.equals(AudioFormat.Encoding.PCM_SIGNED) ? PcmCodec.Kind.SIGNED_INT
                : enc.equals(AudioFormat.Encoding.PCM_UNSIGNED) ? PcmCodec.Kind.UNSIGNED_INT
                : enc.equals(AudioFormat.Encoding.PCM_FLOAT) ? PcmCodec.Kind.FLOAT : null;
        boolean sizeOk = kind == PcmCodec.Kind.FLOAT ? (bits == 32 || bits == 64) : (bits >= 1 && bits <= 32);
        if (kind == null || !sizeOk || channels < 1 || channels > WavParser.MAX_CHANNELS
                || format.getFrameSize() != bytesPer * channels) {
            throw new UnsupportedAudioFormatException("PCM format " + format + " is not supported; signed or unsigned "
                    + "integer PCM of 1-32 bits or 32/64-bit float, 1-" + WavParser.MAX_CHANNELS + " channels are accepted");
        }
        int frames = data.length / (bytesPer * channels);
        return PcmCodec.decodeMono(data, 0, frames, channels, bytesPer, kind, format.isBigEndian());
    }

    private static AudioClip decodeWithJavaSound(byte[] bytes, String name) {
        try (AudioInputStream raw = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            AudioFormat f = raw.getFormat();
            AudioFormat.Encoding enc = f.getEncoding();
            int channels = f.getChannels();
            if (channels < 1 || channels > WavParser.MAX_CHANNELS) {
                throw new CorruptAudioException(name + " header declares " + channels + " channels; 1.."
                        + WavParser.MAX_CHANNELS + " are accepted");
            }
            float rateF = f.getSampleRate();
            if (!Float.isFinite(rateF)) {
                throw new InvalidAudioException(name + " sample rate is " + rateF + "; a finite rate is accepted");
            }
            long rate = Math.round(rateF);
            AudioClip.checkSampleRate(rate);
            AudioInputStream pcm = raw;
            if (enc.equals(AudioFormat.Encoding.ULAW) || enc.equals(AudioFormat.Encoding.ALAW)) {
                AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rateF, 16, channels,
                        2 * channels, rateF, false);
                pcm = AudioSystem.getAudioInputStream(target, raw);
            }
            byte[] data = pcm.readAllBytes();
            float[] mono = decodePcm(data, pcm.getFormat());
            if (mono.length == 0) {
                throw new InvalidAudioException(name + " file holds no complete sample frame; at least one is accepted");
            }
            return AudioClip.of(mono, (int) rate);
        } catch (UnsupportedAudioFileException e) {
            throw new CorruptAudioException(name + " header was not understood by javax.sound: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CorruptAudioException(name + " data could not be read: " + e.getMessage(), e);
        } catch (AudioException e) {
            throw e;
        } catch (RuntimeException e) {
            // javax.sound's readers are not hardened against malformed headers; keep its failures typed.
            throw new CorruptAudioException(name + " file is malformed: " + e, e);
        }
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
