package org.speaktheart.audio.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.CorruptAudioException;
import org.speaktheart.audio.InvalidAudioException;
import org.speaktheart.audio.Signals;
import org.speaktheart.audio.UnsupportedAudioFormatException;

/**
 * Decodes 120,000 mutated valid WAV files (truncation, byte flips, overwritten header fields,
 * inserted and removed bytes) and checks that only the documented exceptions come out, nothing
 * hangs (time limit) and nothing runs out of memory (the test JVM has a bounded heap).
 */
class WavMutationTest {
    private static final int MUTATIONS = 120_000;

    enum Outcome { DECODED, UNSUPPORTED, CORRUPT, INVALID }

    @Test
    void onlyDocumentedExceptionsEverComeOut() {
        List<byte[]> seeds = new ArrayList<>();
        for (WavEncoding e : WavEncoding.values()) {
            for (int channels = 1; channels <= 3; channels += 2) {
                float[][] ch = new float[channels][];
                for (int c = 0; c < channels; c++) {
                    ch[c] = Signals.noise(c + 7, 0.8, 37);
                }
                seeds.add(WavWriter.toBytes(ch, 16000, e, channels > 2));
            }
        }
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        AudioDecoder dec = AudioDecoder.standard();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            SplittableRandom rng = new SplittableRandom(20260101L);
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] seed = seeds.get(rng.nextInt(seeds.size()));
                byte[] m = mutate(seed, rng);
                Outcome o;
                try {
                    AudioClip clip = dec.decode(m);
                    assertTrue(clip.length() > 0 && clip.length() <= m.length);
                    o = Outcome.DECODED;
                } catch (UnsupportedAudioFormatException e) {
                    o = Outcome.UNSUPPORTED;
                } catch (CorruptAudioException e) {
                    o = Outcome.CORRUPT;
                } catch (InvalidAudioException e) {
                    o = Outcome.INVALID;
                }
                // Any other throwable propagates and fails the test with the mutation index.
                counts.merge(o, 1, Integer::sum);
            }
        });
        System.out.println("WAV mutation outcomes over " + MUTATIONS + " inputs: " + counts);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(MUTATIONS, total);
        for (Outcome o : Outcome.values()) {
            assertTrue(counts.getOrDefault(o, 0) > 100, "every outcome occurs often: " + counts);
        }
    }

    /** The AIFF and AU paths go through javax.sound; its failures must come out typed as well. */
    @Test
    void aiffAndAuMutationsGiveOnlyDocumentedExceptions() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        float[] x = Signals.noise(3, 0.5, 41);
        for (javax.sound.sampled.AudioFileFormat.Type type : new javax.sound.sampled.AudioFileFormat.Type[] {
                javax.sound.sampled.AudioFileFormat.Type.AIFF, javax.sound.sampled.AudioFileFormat.Type.AU}) {
            byte[] pcm = new byte[x.length * 2];
            for (int i = 0; i < x.length; i++) {
                short v = (short) Math.round(x[i] * 32767);
                pcm[2 * i] = (byte) (v >> 8);
                pcm[2 * i + 1] = (byte) v;
            }
            javax.sound.sampled.AudioFormat fmt = new javax.sound.sampled.AudioFormat(16000f, 16, 1, true, true);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.sound.sampled.AudioSystem.write(new javax.sound.sampled.AudioInputStream(
                    new java.io.ByteArrayInputStream(pcm), fmt, x.length), type, out);
            seeds.add(out.toByteArray());
        }
        AudioDecoder dec = AudioDecoder.standard();
        int[] decoded = new int[1];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            SplittableRandom rng = new SplittableRandom(7L);
            for (int i = 0; i < 20_000; i++) {
                try {
                    dec.decode(mutate(seeds.get(i % seeds.size()), rng));
                    decoded[0]++;
                } catch (UnsupportedAudioFormatException | CorruptAudioException | InvalidAudioException e) {
                    // documented outcomes
                }
            }
        });
        assertTrue(decoded[0] > 100, "some mutations still decode: " + decoded[0]);
    }

    static byte[] mutate(byte[] seed, SplittableRandom rng) {
        byte[] b = seed.clone();
        int kinds = 1 + rng.nextInt(3);
        for (int k = 0; k < kinds; k++) {
            switch (rng.nextInt(6)) {
                case 0 -> b = java.util.Arrays.copyOf(b, rng.nextInt(b.length + 1)); // truncate
                case 1 -> { // flip bits anywhere
                    if (b.length > 0) {
                        int flips = 1 + rng.nextInt(4);
                        for (int f = 0; f < flips; f++) {
                            b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                        }
                    }
                }
                case 2 -> { // overwrite a 16- or 32-bit header field with an extreme or random value
                    int off = rng.nextInt(Math.max(1, Math.min(b.length, 80)));
                    int width = rng.nextBoolean() ? 2 : 4;
                    long[] extremes = {0, 1, 0xFFFF, 0xFFFFFFFFL, 0x7FFFFFFF, 0x80000000L, rng.nextLong(1L << 32)};
                    long v = extremes[rng.nextInt(extremes.length)];
                    for (int i = 0; i < width && off + i < b.length; i++) {
                        b[off + i] = (byte) (v >>> (8 * i));
                    }
                }
                case 3 -> { // insert random bytes
                    int at = rng.nextInt(b.length + 1);
                    int n = 1 + rng.nextInt(16);
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at);
                    for (int i = 0; i < n; i++) {
                        c[at + i] = (byte) rng.nextInt(256);
                    }
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                }
                case 4 -> { // delete a range
                    if (b.length > 1) {
                        int at = rng.nextInt(b.length);
                        int n = 1 + rng.nextInt(Math.min(16, b.length - at));
                        byte[] c = new byte[b.length - n];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + n, c, at, b.length - at - n);
                        b = c;
                    }
                }
                default -> { // change the format tag, bits or channels to a nearby plausible value
                    int[] offs = {20, 22, 34, 32, 44, 46};
                    int off = offs[rng.nextInt(offs.length)];
                    if (off < b.length) {
                        b[off] = (byte) rng.nextInt(-2, 70);
                    }
                }
            }
        }
        return b;
    }
}
