package org.speaktheart.audio.features;

import org.speaktheart.audio.AudioConfigException;

/**
 * Mel scales and the triangular mel filterbank, in double precision.
 *
 * <p>Filter {@code m} (0-based) has edges {@code h[m], h[m+1], h[m+2]}, where {@code h} are
 * {@code nMels + 2} frequencies equally spaced on the mel scale from {@code fMin} to {@code fMax}
 * and mapped back to Hz. Bin {@code k} has frequency {@code k * sampleRate / nFft}. The weight is
 * {@code max(0, min((f - h[m]) / (h[m+1] - h[m]), (h[m+2] - f) / (h[m+2] - h[m+1])))}, times
 * {@code 2 / (h[m+2] - h[m])} under Slaney normalisation (the librosa and torchaudio definition).
 */
public final class MelFilterbank {
    private static final double SLANEY_F_SP = 200.0 / 3;
    private static final double SLANEY_MIN_LOG_HZ = 1000.0;
    private static final double SLANEY_MIN_LOG_MEL = SLANEY_MIN_LOG_HZ / SLANEY_F_SP;
    private static final double SLANEY_LOGSTEP = Math.log(6.4) / 27.0;

    private MelFilterbank() {
    }

    /**
     * Converts Hz to mel.
     *
     * @param hz frequency in Hz
     * @param scale mel scale
     * @return mel value
     */
    public static double hzToMel(double hz, LogMelConfig.MelScale scale) {
        if (scale == LogMelConfig.MelScale.HTK) {
            return 2595.0 * Math.log10(1.0 + hz / 700.0);
        }
        return hz < SLANEY_MIN_LOG_HZ ? hz / SLANEY_F_SP
                : SLANEY_MIN_LOG_MEL + Math.log(hz / SLANEY_MIN_LOG_HZ) / SLANEY_LOGSTEP;
    }

    /**
     * Converts mel to Hz.
     *
     * @param mel mel value
     * @param scale mel scale
     * @return frequency in Hz
     */
    public static double melToHz(double mel, LogMelConfig.MelScale scale) {
        if (scale == LogMelConfig.MelScale.HTK) {
            return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
        return mel < SLANEY_MIN_LOG_MEL ? mel * SLANEY_F_SP
                : SLANEY_MIN_LOG_HZ * Math.exp(SLANEY_LOGSTEP * (mel - SLANEY_MIN_LOG_MEL));
    }

    /**
     * The dense filterbank of a configuration.
     *
     * @param c configuration
     * @return weights {@code [nMels][nFft / 2 + 1]}
     */
    public static double[][] weights(LogMelConfig c) {
        return weights(c.sampleRate(), c.nFft(), c.nMels(), c.fMin(), c.fMax(), c.melScale(), c.melNorm());
    }

    static double[][] weights(int sampleRate, int nFft, int nMels, double fMin, double fMax,
                              LogMelConfig.MelScale scale, LogMelConfig.MelNorm norm) {
        int bins = nFft / 2 + 1;
        double melLo = hzToMel(fMin, scale);
        double melHi = hzToMel(fMax, scale);
        double[] edges = new double[nMels + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(melLo + (melHi - melLo) * i / (nMels + 1), scale);
        }
        double[][] w = new double[nMels][bins];
        for (int m = 0; m < nMels; m++) {
            double lo = edges[m];
            double mid = edges[m + 1];
            double hi = edges[m + 2];
            double enorm = norm == LogMelConfig.MelNorm.SLANEY ? 2.0 / (hi - lo) : 1.0;
            for (int k = 0; k < bins; k++) {
                double f = (double) k * sampleRate / nFft;
                double rise = (f - lo) / (mid - lo);
                double fall = (hi - f) / (hi - mid);
                w[m][k] = Math.max(0.0, Math.min(rise, fall)) * enorm;
            }
        }
        return w;
    }

    static void checkNoEmptyFilter(int sampleRate, int nFft, int nMels, double fMin, double fMax,
                                   LogMelConfig.MelScale scale) {
        double[][] w = weights(sampleRate, nFft, nMels, fMin, fMax, scale, LogMelConfig.MelNorm.NONE);
        for (int m = 0; m < nMels; m++) {
            double s = 0;
            for (double v : w[m]) {
                s += v;
            }
            if (s == 0) {
                throw new AudioConfigException("LogMelConfig.nMels " + nMels + " leaves mel filter " + m
                        + " without any FFT bin (nFft " + nFft + ", " + fMin + ".." + fMax
                        + " Hz); accepted: fewer mels or a larger nFft");
            }
        }
    }
}
