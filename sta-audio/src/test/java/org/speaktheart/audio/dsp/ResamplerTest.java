package org.speaktheart.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioConfigException;
import org.speaktheart.audio.InvalidAudioException;
import org.speaktheart.audio.Signals;

class ResamplerTest {
    private static final Resampler R = new Resampler();

    /** In-band tones keep amplitude within 0.1 dB and their frequency (residual after a fit at f is tiny). */
    @ParameterizedTest(name = "{0} -> {1} Hz, tone {2} Hz")
    @CsvSource({
        "44100, 16000, 440", "44100, 16000, 3000", "44100, 16000, 6400",
        "48000, 16000, 1000", "48000, 16000, 6000", "22050, 16000, 5000",
        "8000, 16000, 1000", "8000, 16000, 3200", "16000, 44100, 6400",
        "44117, 16000, 2500", "44117, 16000, 6300", "11025, 16000, 4000"})
    void passbandToneKeepsAmplitudeAndFrequency(int in, int out, double f) {
        double amp = 0.5;
        float[] x = Signals.sine(f, amp, 0.3, in, in); // 1 s
        float[] y = R.resample(x, in, out);
        assertEquals((int) Math.ceil((double) x.length * out / in), y.length);
        int margin = out / 10; // skip the edges where the zero extension is in the filter
        double[] fit = Signals.fitTone(y, f, out, margin, y.length - margin);
        double gainDb = 20 * Math.log10(fit[0] / amp);
        assertTrue(Math.abs(gainDb) < 0.1, "gain " + gainDb + " dB");
        double residualDb = 20 * Math.log10(fit[1] / amp);
        assertTrue(residualDb < -60, "residual after fitting the tone " + residualDb + " dB");
    }

    /** Tones above the output Nyquist frequency are attenuated by at least 60 dB. */
    @ParameterizedTest(name = "{0} -> {1} Hz, tone {2} Hz")
    @CsvSource({
        "44100, 16000, 8200", "44100, 16000, 9000", "44100, 16000, 12000", "44100, 16000, 20000",
        "48000, 16000, 8100", "48000, 16000, 15000", "22050, 16000, 10000", "44117, 16000, 8300",
        "44117, 16000, 17000"})
    void stopbandToneIsRemoved(int in, int out, double f) {
        double amp = 0.5;
        float[] x = Signals.sine(f, amp, 0.1, in, in);
        float[] y = R.resample(x, in, out);
        int margin = out / 10;
        double level = 20 * Math.log10(Signals.rms(y, margin, y.length - margin) * Math.sqrt(2) / amp);
        assertTrue(level < -60, "leak " + level + " dB");
    }

    /** The documented figures: a sweep over pass band (<= 0.8 Nyquist) and stop band (>= Nyquist). */
    @ParameterizedTest(name = "{0} -> 16000 Hz sweep")
    @CsvSource({"44100", "48000", "44117"})
    void sweepMeetsTheDocumentedBounds(int in) {
        int out = 16000;
        for (double f = 100; f <= 6400; f += 311) {
            float[] y = R.resample(Signals.sine(f, 0.5, 0.3, in, in / 2), in, out);
            double[] fit = Signals.fitTone(y, f, out, out / 10, y.length - out / 10);
            double dev = Math.abs(20 * Math.log10(fit[0] / 0.5));
            assertTrue(dev < 0.01, f + " Hz: " + dev + " dB");
        }
        for (double f = 8000; f < in / 2.0; f += 311) {
            float[] y = R.resample(Signals.sine(f, 0.5, 0.3, in, in / 2), in, out);
            double level = 20 * Math.log10(Signals.rms(y, out / 10, y.length - out / 10) * Math.sqrt(2) / 0.5);
            assertTrue(level < -70, f + " Hz leaks at " + level + " dB");
        }
    }

    @Test
    void equalRatesReturnTheSameSamples() {
        AudioClip c = AudioClip.of(Signals.noise(1, 0.5, 100), 16000);
        assertEquals(c, R.resample(c, 16000));
    }

    @Test
    void clipResamplingKeepsDuration() {
        AudioClip c = AudioClip.of(Signals.noise(2, 0.5, 44100 * 2), 44100);
        AudioClip d = R.resample(c, 16000);
        assertEquals(16000, d.sampleRate());
        assertEquals(32000, d.length());
        assertEquals(c.durationSeconds(), d.durationSeconds(), 1e-9);
    }

    @Test
    void oddLengthsAndTinyInputs() {
        for (int n : new int[] {1, 2, 3, 7, 13, 441}) {
            float[] y = R.resample(Signals.noise(n, 0.5, n), 44100, 16000);
            assertEquals((int) Math.ceil(n * 16000.0 / 44100), y.length);
        }
        assertEquals(0, R.resample(new float[0], 44100, 16000).length);
    }

    @Test
    void badRatesAndSettingsAreRefused() {
        assertThrows(InvalidAudioException.class, () -> R.resample(new float[4], 0, 16000));
        assertThrows(InvalidAudioException.class, () -> R.resample(new float[4], 16000, 10_000_000));
        assertThrows(AudioConfigException.class, () -> new Resampler(2, 0.9, 8));
        assertThrows(AudioConfigException.class, () -> new Resampler(16, 1.5, 8));
    }

    @Test
    void besselMatchesKnownValues() {
        // I0(1) and I0(5) from tables of the modified Bessel function.
        assertEquals(1.2660658777520082, Resampler.besselI0(1.0), 1e-14);
        assertEquals(27.239871823604442, Resampler.besselI0(5.0), 1e-11);
    }
}
