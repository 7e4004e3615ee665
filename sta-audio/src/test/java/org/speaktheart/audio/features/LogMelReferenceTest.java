package org.speaktheart.audio.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.Signals;
import org.speaktheart.audio.features.LogMelConfig.MelNorm;
import org.speaktheart.audio.features.LogMelConfig.MelScale;
import org.speaktheart.audio.features.LogMelConfig.PadMode;
import org.speaktheart.audio.features.LogMelConfig.Spectrum;
import org.speaktheart.audio.features.LogMelConfig.Window;

/**
 * Checks the filterbank and the log-mel values against a reference written here from the formulas,
 * in double precision with a naive DFT, sharing no code with the implementation.
 *
 * <p>Conventions matched: librosa's {@code filters.mel} / {@code feature.melspectrogram} (Slaney
 * mel scale, {@code norm='slaney'}, periodic window centered in n_fft, {@code center=True} with
 * {@code pad_mode='reflect'} or {@code 'constant'}) and the HTK scale without normalisation
 * (torchaudio's default filterbank).
 */
class LogMelReferenceTest {

    // ----- reference mel scales, written from the published definitions -----

    static double refHzToMel(double f, boolean htk) {
        if (htk) {
            return 2595 * Math.log10(1 + f / 700);
        }
        // Slaney: 3 mels per 200 Hz below 1 kHz, then 27 mels per factor 6.4.
        return f < 1000 ? 3 * f / 200 : 15 + 27 * Math.log(f / 1000) / Math.log(6.4);
    }

    static double refMelToHz(double m, boolean htk) {
        if (htk) {
            return 700 * (Math.pow(10, m / 2595) - 1);
        }
        return m < 15 ? 200 * m / 3 : 1000 * Math.pow(6.4, (m - 15) / 27);
    }

    static double[][] refFilterbank(int sr, int nFft, int nMels, double fMin, double fMax, boolean htk, boolean slaneyNorm) {
        double lo = refHzToMel(fMin, htk);
        double hi = refHzToMel(fMax, htk);
        double[] hz = new double[nMels + 2];
        for (int i = 0; i < hz.length; i++) {
            hz[i] = refMelToHz(lo + i * (hi - lo) / (nMels + 1), htk);
        }
        double[][] w = new double[nMels][nFft / 2 + 1];
        for (int m = 0; m < nMels; m++) {
            for (int k = 0; k <= nFft / 2; k++) {
                double f = k * (double) sr / nFft;
                double v;
                if (f > hz[m] && f <= hz[m + 1]) {
                    v = (f - hz[m]) / (hz[m + 1] - hz[m]);
                } else if (f > hz[m + 1] && f < hz[m + 2]) {
                    v = (hz[m + 2] - f) / (hz[m + 2] - hz[m + 1]);
                } else {
                    v = 0;
                }
                w[m][k] = slaneyNorm ? v * 2 / (hz[m + 2] - hz[m]) : v;
            }
        }
        return w;
    }

    static double[][] refLogMel(float[] x, LogMelConfig c) {
        int nFft = c.nFft();
        int pad = c.center() ? nFft / 2 : 0;
        double[] s = new double[x.length + 2 * pad];
        for (int i = 0; i < s.length; i++) {
            int j = i - pad;
            if (j < 0) {
                s[i] = c.padMode() == PadMode.REFLECT ? x[-j] : 0;
            } else if (j >= x.length) {
                s[i] = c.padMode() == PadMode.REFLECT ? x[2 * (x.length - 1) - j] : 0;
            } else {
                s[i] = x[j];
            }
        }
        int frames = 1 + (s.length - nFft) / c.hopLength();
        double[] win = new double[nFft];
        int off = (nFft - c.winLength()) / 2;
        for (int i = 0; i < c.winLength(); i++) {
            double a = 2 * Math.PI * i / c.winLength();
            win[off + i] = switch (c.window()) {
                case HANN -> 0.5 * (1 - Math.cos(a));
                case HAMMING -> 0.54 - 0.46 * Math.cos(a);
                case RECTANGULAR -> 1;
            };
        }
        double[][] fb = refFilterbank(c.sampleRate(), nFft, c.nMels(), c.fMin(), c.fMax(),
                c.melScale() == MelScale.HTK, c.melNorm() == MelNorm.SLANEY);
        double[][] out = new double[frames][c.nMels()];
        for (int t = 0; t < frames; t++) {
            double[] spec = new double[nFft / 2 + 1];
            for (int k = 0; k <= nFft / 2; k++) {
                double re = 0;
                double im = 0;
                for (int n = 0; n < nFft; n++) {
                    double v = s[t * c.hopLength() + n] * win[n];
                    re += v * Math.cos(2 * Math.PI * k * n / nFft);
                    im -= v * Math.sin(2 * Math.PI * k * n / nFft);
                }
                double p = re * re + im * im;
                spec[k] = c.spectrum() == Spectrum.POWER ? p : Math.sqrt(p);
            }
            for (int m = 0; m < c.nMels(); m++) {
                double e = 0;
                for (int k = 0; k < spec.length; k++) {
                    e += fb[m][k] * spec[k];
                }
                out[t][m] = Math.log(Math.max(e, c.logFloor()));
            }
        }
        return out;
    }

    @Test
    void melScaleAnchors() {
        assertEquals(15.0, MelFilterbank.hzToMel(1000, MelScale.SLANEY), 1e-12);
        assertEquals(1000.0, MelFilterbank.melToHz(15, MelScale.SLANEY), 1e-9);
        assertEquals(1.5, MelFilterbank.hzToMel(100, MelScale.SLANEY), 1e-12);
        assertEquals(15 + 27.0, MelFilterbank.hzToMel(6400, MelScale.SLANEY), 1e-9);
        assertEquals(2595 * Math.log10(2), MelFilterbank.hzToMel(700, MelScale.HTK), 1e-9);
        for (double f = 0; f <= 24000; f += 37.5) {
            for (MelScale s : MelScale.values()) {
                assertEquals(f, MelFilterbank.melToHz(MelFilterbank.hzToMel(f, s), s), 1e-8 * (1 + f));
                assertEquals(refHzToMel(f, s == MelScale.HTK), MelFilterbank.hzToMel(f, s), 1e-9);
            }
        }
    }

    static Stream<Arguments> filterbanks() {
        return Stream.of(
                Arguments.of(16000, 512, 80, 0.0, 8000.0, MelScale.SLANEY, MelNorm.SLANEY),
                Arguments.of(16000, 512, 40, 20.0, 7600.0, MelScale.HTK, MelNorm.NONE),
                Arguments.of(22050, 1024, 128, 0.0, 11025.0, MelScale.SLANEY, MelNorm.NONE),
                Arguments.of(8000, 256, 23, 100.0, 3800.0, MelScale.HTK, MelNorm.SLANEY));
    }

    @ParameterizedTest
    @MethodSource("filterbanks")
    void filterbankMatchesFormula(int sr, int nFft, int nMels, double fMin, double fMax, MelScale scale, MelNorm norm) {
        LogMelConfig c = LogMelConfig.builder().sampleRate(sr).nFft(nFft).winLength(nFft).nMels(nMels)
                .fMin(fMin).fMax(fMax).melScale(scale).melNorm(norm).build();
        double[][] ref = refFilterbank(sr, nFft, nMels, fMin, fMax, scale == MelScale.HTK, norm == MelNorm.SLANEY);
        double[][] got = MelFilterbank.weights(c);
        for (int m = 0; m < nMels; m++) {
            for (int k = 0; k < ref[m].length; k++) {
                assertEquals(ref[m][k], got[m][k], 1e-12 * (1 + Math.abs(ref[m][k])), "filter " + m + " bin " + k);
            }
        }
        if (norm == MelNorm.SLANEY) {
            // Slaney-normalised triangles have unit area in Hz: sum of weights * bin width ~ 1.
            double binHz = (double) sr / nFft;
            double area = 0;
            for (double v : got[nMels / 2]) {
                area += v * binHz;
            }
            assertEquals(1.0, area, 0.05);
        }
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of(LogMelConfig.defaults(), 3001),
                Arguments.of(LogMelConfig.builder().nMels(40).melScale(MelScale.HTK).melNorm(MelNorm.NONE)
                        .fMin(20).fMax(7600).window(Window.HAMMING).padMode(PadMode.ZERO)
                        .spectrum(Spectrum.MAGNITUDE).build(), 2500),
                Arguments.of(LogMelConfig.builder().nFft(400).winLength(400).hopLength(160).center(false)
                        .nMels(64).build(), 4000),
                Arguments.of(LogMelConfig.builder().sampleRate(8000).nFft(256).winLength(201).hopLength(77)
                        .nMels(23).window(Window.RECTANGULAR).build(), 1009),
                Arguments.of(LogMelConfig.builder().nFft(16).winLength(15).hopLength(3).nMels(3).build(), 37));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void logMelMatchesNaiveDftReference(LogMelConfig c, int n) {
        float[] x = Signals.noise(n, 0.3, n);
        float[] tone = Signals.sine(440, 0.4, 0.2, c.sampleRate(), n);
        for (int i = 0; i < n; i++) {
            x[i] += tone[i];
        }
        double[][] ref = refLogMel(x, c);
        float[][] got = new LogMelExtractor(c).extract(AudioClip.of(x, c.sampleRate()));
        assertEquals(ref.length, got.length, "frames");
        assertEquals(c.frameCount(n), got.length);
        double worst = 0;
        for (int t = 0; t < ref.length; t++) {
            for (int m = 0; m < ref[t].length; m++) {
                worst = Math.max(worst, Math.abs(ref[t][m] - got[t][m]));
            }
        }
        System.out.println("log-mel vs naive DFT reference, " + c + ", " + n + " samples: max |diff| " + worst);
        // Float FFT against a double DFT: log-energy differences stay near float rounding.
        assertTrue(worst < 2e-5, "largest log-mel difference " + worst);
    }

    @Test
    void toneLandsInTheRightMelChannel() {
        LogMelConfig c = LogMelConfig.defaults();
        float[][] f = new LogMelExtractor(c).extract(AudioClip.of(Signals.sine(1000, 0.5, 0, 16000, 16000), 16000));
        float[] mid = f[f.length / 2];
        int best = 0;
        for (int m = 1; m < mid.length; m++) {
            if (mid[m] > mid[best]) {
                best = m;
            }
        }
        double[][] fb = MelFilterbank.weights(c);
        int bin1k = 32; // 1000 Hz = bin 32 at 31.25 Hz per bin
        int expected = 0;
        for (int m = 1; m < fb.length; m++) {
            if (fb[m][bin1k] > fb[expected][bin1k]) {
                expected = m;
            }
        }
        assertEquals(expected, best);
    }
}
