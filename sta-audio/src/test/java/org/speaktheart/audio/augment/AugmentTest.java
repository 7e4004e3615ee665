package org.speaktheart.audio.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioConfigException;
import org.speaktheart.audio.InvalidAudioException;
import org.speaktheart.audio.Signals;

class AugmentTest {

    private static float[][] features(int frames, int mels) {
        SplittableRandom r = new SplittableRandom(11);
        float[][] f = new float[frames][mels];
        for (float[] row : f) {
            for (int m = 0; m < mels; m++) {
                row[m] = 1f + (float) r.nextDouble(); // never equal to the mask value 0
            }
        }
        return f;
    }

    @Test
    void specAugmentMasksWithinBoundsAndIsSeeded() {
        float[][] in = features(120, 80);
        SpecAugment sa = new SpecAugment(2, 27, 2, 100, 0.2, 0f);
        int widestFreq = 0;
        int widestTime = 0;
        for (long seed = 0; seed < 300; seed++) {
            float[][] out = sa.apply(in, new SplittableRandom(seed));
            assertArrayEquals(out, sa.apply(in, new SplittableRandom(seed)), "same seed, same masks");
            int maskedCols = 0;
            for (int m = 0; m < 80; m++) {
                boolean all = true;
                for (float[] row : out) {
                    all &= row[m] == 0f;
                }
                maskedCols += all ? 1 : 0;
            }
            int maskedRows = 0;
            for (float[] row : out) {
                boolean all = true;
                for (float v : row) {
                    all &= v == 0f;
                }
                maskedRows += all ? 1 : 0;
            }
            // Every cell is either untouched or masked by a whole row or column.
            for (int t = 0; t < 120; t++) {
                for (int m = 0; m < 80; m++) {
                    assertTrue(out[t][m] == in[t][m] || out[t][m] == 0f);
                }
            }
            assertTrue(maskedCols <= 2 * 27, "masked channels " + maskedCols);
            assertTrue(maskedRows <= 2 * 24, "masked frames " + maskedRows + " (p = 0.2 of 120 frames, two masks)");
            widestFreq = Math.max(widestFreq, maskedCols);
            widestTime = Math.max(widestTime, maskedRows);
        }
        assertTrue(widestFreq > 27 && widestTime > 24, "masks reach their sizes: " + widestFreq + ", " + widestTime);
        assertFalse(java.util.Arrays.deepEquals(sa.apply(in, new SplittableRandom(1)), sa.apply(in, new SplittableRandom(2))));
        assertArrayEquals(features(120, 80), in, "input untouched");
        assertThrows(AudioConfigException.class, () -> new SpecAugment(1, -1, 1, 10, 0.5, 0f));
        assertThrows(AudioConfigException.class, () -> new SpecAugment(1, 10, 1, 10, 0.0, 0f));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.9, 1.1, 1.25})
    void speedPerturbationScalesDurationAndFrequency(double factor) {
        int sr = 16000;
        float[] x = Signals.sine(440, 0.5, 0, sr, sr);
        AudioClip out = new SpeedPerturbation().apply(AudioClip.of(x, sr), factor);
        assertEquals(sr, out.sampleRate());
        assertEquals(sr / factor, out.length(), 1.0);
        float[] y = out.samples();
        int margin = 1600;
        double[] fit = Signals.fitTone(y, 440 * factor, sr, margin, y.length - margin);
        assertEquals(0.5, fit[0], 0.5 * 0.0116); // within 0.1 dB
        assertTrue(fit[1] < 0.5e-3, "residual " + fit[1]);
        AudioClip same = AudioClip.of(x, sr);
        assertEquals(same, new SpeedPerturbation().apply(same, new double[] {1.0}, new SplittableRandom(1)));
        assertThrows(AudioConfigException.class, () -> new SpeedPerturbation().apply(same, 3.0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-5, 0, 10, 20, 40})
    void noiseIsAddedAtTheRequestedSnr(double snr) {
        AudioClip clean = AudioClip.of(Signals.sine(300, 0.4, 0, 16000, 8000), 16000);
        AudioClip noise = AudioClip.of(Signals.noise(9, 0.2, 3001), 16000); // shorter: loops
        for (AudioClip noisy : new AudioClip[] {
                NoiseMixer.addNoise(clean, noise, snr, new SplittableRandom(5)),
                NoiseMixer.addWhiteNoise(clean, snr, new SplittableRandom(5))}) {
            double ps = 0;
            double pn = 0;
            for (int i = 0; i < clean.length(); i++) {
                double n = noisy.sample(i) - clean.sample(i);
                ps += clean.sample(i) * clean.sample(i);
                pn += n * n;
            }
            assertEquals(snr, 10 * Math.log10(ps / pn), 0.01);
        }
        assertEquals(NoiseMixer.addNoise(clean, noise, snr, new SplittableRandom(5)),
                NoiseMixer.addNoise(clean, noise, snr, new SplittableRandom(5)));
    }

    @Test
    void noiseRejectsBadInput() {
        AudioClip clean = AudioClip.of(Signals.sine(300, 0.4, 0, 16000, 800), 16000);
        assertThrows(InvalidAudioException.class, () -> NoiseMixer.addWhiteNoise(AudioClip.of(new float[10], 16000), 10,
                new SplittableRandom(1)));
        assertThrows(InvalidAudioException.class, () -> NoiseMixer.addNoise(clean,
                AudioClip.of(Signals.noise(1, 0.1, 100), 8000), 10, new SplittableRandom(1)));
        assertThrows(AudioConfigException.class, () -> NoiseMixer.addWhiteNoise(clean, Double.NaN, new SplittableRandom(1)));
    }
}
