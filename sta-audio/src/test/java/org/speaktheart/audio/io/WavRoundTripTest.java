package org.speaktheart.audio.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioIOException;
import org.speaktheart.audio.CorruptAudioException;
import org.speaktheart.audio.InvalidAudioException;
import org.speaktheart.audio.Signals;
import org.speaktheart.audio.UnsupportedAudioFormatException;

class WavRoundTripTest {
    private static final AudioDecoder DEC = AudioDecoder.standard();

    /** Quantisation step of each encoding: round trip error is at most one step. */
    private static double step(WavEncoding e) {
        return switch (e) {
            case PCM_U8 -> 1.0 / 128;
            case PCM_16 -> 1.0 / 32768;
            case PCM_24 -> 1.0 / 8388608;
            case PCM_32 -> 1.0 / 2147483648.0;
            case FLOAT_32 -> 0;
            case FLOAT_64 -> 0;
        };
    }

    @ParameterizedTest(name = "{0}, {1} channels, extensible {2}, rate {3}")
    @CsvSource({
        "PCM_U8, 1, false, 8000", "PCM_16, 1, false, 16000", "PCM_24, 1, false, 44100", "PCM_32, 1, false, 48000",
        "FLOAT_32, 1, false, 22050", "FLOAT_64, 1, false, 16000",
        "PCM_U8, 2, true, 11025", "PCM_16, 2, false, 44100", "PCM_16, 6, true, 48000", "PCM_24, 3, true, 96000",
        "PCM_32, 2, true, 32000", "FLOAT_32, 2, true, 44100", "FLOAT_64, 5, true, 12345", "PCM_24, 2, false, 1000",
        "PCM_16, 64, true, 384000"})
    void everyVariantRoundTrips(WavEncoding enc, int channels, boolean extensible, int rate) {
        int n = 257; // odd, so 8-bit mono data needs a pad byte
        float[][] chans = new float[channels][];
        for (int c = 0; c < channels; c++) {
            chans[c] = Signals.noise(31L * c + n, 0.9, n);
        }
        byte[] wav = WavWriter.toBytes(chans, rate, enc, extensible);
        AudioClip clip = DEC.decode(wav);
        assertEquals(rate, clip.sampleRate());
        assertEquals(n, clip.length());
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int c = 0; c < channels; c++) {
                mean += chans[c][i];
            }
            mean /= channels;
            assertEquals(mean, clip.sample(i), step(enc) + 1e-6, "sample " + i);
        }
    }

    @Test
    void floatKeepsValuesExactlyAndOverFullScale() {
        float[] x = {0f, 1.5f, -2.25f, 1e-30f, -1f};
        AudioClip clip = DEC.decode(WavWriter.toBytes(AudioClip.of(x, 16000), WavEncoding.FLOAT_32));
        assertArrayEquals(x, clip.samples());
    }

    @Test
    void integerEncodingsClipAndHitExactCodes() {
        AudioClip c = AudioClip.of(new float[] {2f, -2f, 0.5f, -0.5f}, 16000);
        byte[] wav = WavWriter.toBytes(c, WavEncoding.PCM_16);
        // data starts at 44 in a plain PCM file: 32767, -32768, 16384, -16384
        assertEquals(32767, (short) ((wav[44] & 0xFF) | wav[45] << 8));
        assertEquals(-32768, (short) ((wav[46] & 0xFF) | wav[47] << 8));
        assertEquals(16384, (short) ((wav[48] & 0xFF) | wav[49] << 8));
        assertArrayEquals(new float[] {32767 / 32768f, -1f, 0.5f, -0.5f}, DEC.decode(wav).samples());
    }

    @Test
    void atomicFileWriteAndStreamAndPathDecoding(@TempDir Path dir) throws Exception {
        AudioClip c = AudioClip.of(Signals.sine(440, 0.5, 0, 16000, 1600), 16000);
        Path f = dir.resolve("a.wav");
        Files.writeString(f, "old content");
        WavWriter.write(c, WavEncoding.FLOAT_32, f);
        assertEquals(c, DEC.decode(f));
        try (var list = Files.list(dir)) {
            assertEquals(1, list.count(), "no temporary file left behind");
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        WavWriter.write(c, WavEncoding.FLOAT_32, bos);
        assertEquals(c, DEC.decode(new ByteArrayInputStream(bos.toByteArray())));
        assertThrows(AudioIOException.class, () -> DEC.decode(dir.resolve("missing.wav")));
        assertThrows(AudioIOException.class, () -> WavWriter.write(c, WavEncoding.PCM_16, dir.resolve("no/such/dir.wav")));
    }

    @Test
    void unknownChunksAndStreamingSizeAreAccepted() {
        AudioClip c = AudioClip.of(Signals.noise(5, 0.5, 101), 16000);
        byte[] plain = WavWriter.toBytes(c, WavEncoding.PCM_16);
        // Insert a LIST chunk of odd size (padded) between fmt and data.
        byte[] list = {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0};
        byte[] wav = new byte[plain.length + list.length];
        System.arraycopy(plain, 0, wav, 0, 36);
        System.arraycopy(list, 0, wav, 36, list.length);
        System.arraycopy(plain, 36, wav, 36 + list.length, plain.length - 36);
        PcmCodec.putLe(wav, 4, wav.length - 8, 4);
        AudioClip got = DEC.decode(wav);
        assertEquals(101, got.length());
        // A data size of 0xFFFFFFFF (unknown length while streaming) reads to the end.
        byte[] streaming = plain.clone();
        for (int i = 40; i < 44; i++) {
            streaming[i] = (byte) 0xFF;
        }
        java.util.Arrays.fill(streaming, 4, 8, (byte) 0);
        assertEquals(101, DEC.decode(streaming).length());
        // Trailing bytes after the declared RIFF body are ignored.
        byte[] trailing = java.util.Arrays.copyOf(plain, plain.length + 5);
        assertEquals(c.length(), DEC.decode(trailing).length());
    }

    @Test
    void aiffAndAuDecodeThroughJavaSound() throws Exception {
        float[] x = Signals.sine(300, 0.5, 0.1, 22050, 2205);
        for (AudioFileFormat.Type type : new AudioFileFormat.Type[] {AudioFileFormat.Type.AIFF, AudioFileFormat.Type.AU}) {
            for (int channels : new int[] {1, 2}) {
                AudioFormat fmt = new AudioFormat(22050f, 16, channels, true, true);
                byte[] pcm = new byte[x.length * 2 * channels];
                for (int i = 0; i < x.length; i++) {
                    short s = (short) Math.round(x[i] * 32767);
                    for (int c = 0; c < channels; c++) {
                        pcm[(i * channels + c) * 2] = (byte) (s >> 8);
                        pcm[(i * channels + c) * 2 + 1] = (byte) s;
                    }
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), fmt, x.length), type, out);
                AudioClip clip = DEC.decode(out.toByteArray());
                assertEquals(22050, clip.sampleRate(), type + " rate");
                assertEquals(x.length, clip.length(), type + " length");
                for (int i = 0; i < x.length; i++) {
                    assertEquals(x[i], clip.sample(i), 1.0 / 32768 + 1e-6);
                }
            }
        }
    }

    @Test
    void muLawAndALawAuDecodeThroughJavaSound() throws Exception {
        float[] x = Signals.sine(300, 0.5, 0.1, 8000, 800);
        byte[] pcm = new byte[x.length * 2];
        for (int i = 0; i < x.length; i++) {
            short s = (short) Math.round(x[i] * 32767);
            pcm[2 * i] = (byte) (s >> 8);
            pcm[2 * i + 1] = (byte) s;
        }
        AudioFormat linear = new AudioFormat(8000f, 16, 1, true, true);
        for (AudioFormat.Encoding law : new AudioFormat.Encoding[] {AudioFormat.Encoding.ULAW, AudioFormat.Encoding.ALAW}) {
            AudioInputStream companded = AudioSystem.getAudioInputStream(law,
                    new AudioInputStream(new ByteArrayInputStream(pcm), linear, x.length));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(companded, AudioFileFormat.Type.AU, out);
            AudioClip clip = DEC.decode(out.toByteArray());
            assertEquals(8000, clip.sampleRate());
            assertEquals(x.length, clip.length());
            for (int i = 0; i < x.length; i++) {
                // G.711 keeps about 4 mantissa bits: error within 1/16 of the magnitude plus a small step.
                assertEquals(x[i], clip.sample(i), Math.abs(x[i]) / 16 + 2e-3, law + " sample " + i);
            }
        }
    }

    /** G.711 WAV (tags 6 and 7) decodes to exactly what javax.sound's own G.711 decoder gives for the same bytes. */
    @Test
    void g711WavMatchesJavaSoundExpansionForAllCodes() throws Exception {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        for (AudioFormat.Encoding law : new AudioFormat.Encoding[] {AudioFormat.Encoding.ULAW, AudioFormat.Encoding.ALAW}) {
            AudioFormat companded = new AudioFormat(law, 8000f, 8, 1, 1, 8000f, false);
            AudioFormat linear = new AudioFormat(8000f, 16, 1, true, false);
            byte[] expanded = AudioSystem.getAudioInputStream(linear,
                    new AudioInputStream(new ByteArrayInputStream(codes), companded, 256)).readAllBytes();
            // A PCM_U8 WAV of 256 samples has the same layout; set the tag and put the codes in.
            byte[] wav = WavWriter.toBytes(AudioClip.of(new float[256], 8000), WavEncoding.PCM_U8);
            wav[20] = (byte) (law == AudioFormat.Encoding.ULAW ? 7 : 6);
            System.arraycopy(codes, 0, wav, 44, 256);
            AudioClip clip = DEC.decode(wav);
            for (int i = 0; i < 256; i++) {
                short ref = (short) ((expanded[2 * i] & 0xFF) | expanded[2 * i + 1] << 8);
                assertEquals(ref / 32768f, clip.sample(i), 0f, law + " code " + i);
            }
        }
    }

    @Test
    void badInputsGiveTypedExceptionsWithMessages() {
        AudioClip c = AudioClip.of(Signals.noise(6, 0.5, 50), 16000);
        byte[] good = WavWriter.toBytes(c, WavEncoding.PCM_16);
        assertThrows(CorruptAudioException.class, () -> DEC.decode(new byte[0]));
        assertThrows(CorruptAudioException.class, () -> DEC.decode(new byte[] {'R', 'I', 'F', 'F'}));
        // truncated data
        CorruptAudioException trunc = assertThrows(CorruptAudioException.class,
                () -> DEC.decode(java.util.Arrays.copyOf(good, good.length - 10)));
        assertTrue(trunc.getMessage().contains("declares 100 bytes but only 90 remain"), trunc.getMessage());
        // zero and absurd rates
        byte[] zeroRate = good.clone();
        java.util.Arrays.fill(zeroRate, 24, 28, (byte) 0);
        InvalidAudioException rate = assertThrows(InvalidAudioException.class, () -> DEC.decode(zeroRate));
        assertTrue(rate.getMessage().contains("sample rate 0 Hz"), rate.getMessage());
        byte[] hugeRate = good.clone();
        java.util.Arrays.fill(hugeRate, 24, 28, (byte) 0x7F);
        assertThrows(InvalidAudioException.class, () -> DEC.decode(hugeRate));
        // unsupported encodings
        byte[] adpcm = good.clone();
        adpcm[20] = 2;
        UnsupportedAudioFormatException u = assertThrows(UnsupportedAudioFormatException.class, () -> DEC.decode(adpcm));
        assertTrue(u.getMessage().contains("MS ADPCM"), u.getMessage());
        byte[] flac = good.clone();
        System.arraycopy(new byte[] {'f', 'L', 'a', 'C'}, 0, flac, 0, 4);
        assertThrows(UnsupportedAudioFormatException.class, () -> DEC.decode(flac));
        byte[] bits12 = good.clone();
        bits12[34] = 40; // 40-bit integer PCM
        assertThrows(UnsupportedAudioFormatException.class, () -> DEC.decode(bits12));
        // lying block align
        byte[] align = good.clone();
        align[32] = 7;
        assertThrows(CorruptAudioException.class, () -> DEC.decode(align));
        // NaN in a float file
        float[] bad = {0.1f, Float.NaN};
        byte[] nanWav = WavWriter.toBytes(AudioClip.of(new float[] {0.1f, 0.2f}, 16000), WavEncoding.FLOAT_32);
        int nanBits = Float.floatToIntBits(bad[1]);
        PcmCodec.putLe(nanWav, nanWav.length - 4, nanBits & 0xFFFFFFFFL, 4);
        InvalidAudioException nan = assertThrows(InvalidAudioException.class, () -> DEC.decode(nanWav));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        // no frames
        byte[] empty = WavWriter.toBytes(AudioClip.of(new float[0], 16000), WavEncoding.PCM_16);
        assertThrows(InvalidAudioException.class, () -> DEC.decode(empty));
        // size limit
        assertThrows(InvalidAudioException.class, () -> new AudioDecoder(64).decode(good));
        assertThrows(InvalidAudioException.class, () -> AudioClip.of(bad, 16000));
        assertThrows(InvalidAudioException.class,
                () -> WavWriter.toBytes(new float[][] {{0f, Float.NaN}}, 16000, WavEncoding.FLOAT_32, false));
        assertThrows(InvalidAudioException.class,
                () -> WavWriter.toBytes(new float[][] {{0f}, {0f, 1f}}, 16000, WavEncoding.PCM_16, false));
    }
}
