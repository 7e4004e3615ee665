package org.speaktheart.audio.dsp;

import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioConfigException;
import org.speaktheart.audio.InvalidAudioException;

/**
 * Prepares a clip for feature extraction, in this order: duration guard, DC removal, silence
 * check, trimming of leading and trailing silence, pre-emphasis, level normalisation.
 *
 * <ul>
 *   <li><b>Duration guard</b>: a clip longer than {@code maxDurationSeconds} is refused with
 *       {@link InvalidAudioException} (checked first, before any work).</li>
 *   <li><b>DC removal</b>: subtracts the clip's mean.</li>
 *   <li><b>Silence check</b>: a clip whose peak is at or below {@code silenceThreshold} (linear
 *       full scale) is refused with {@link InvalidAudioException}.</li>
 *   <li><b>Trimming</b>: frames of {@code trimFrameSeconds} every {@code trimHopSeconds}; a frame is
 *       silent when its RMS is more than {@code trimTopDb} below the loudest frame's RMS. Samples
 *       from the first to the last non-silent frame are kept, widened by {@code trimMarginSeconds}
 *       on each side (librosa's {@code effects.trim} rule plus a margin).</li>
 *   <li><b>Pre-emphasis</b>: {@code y[n] = x[n] - a x[n-1]}, {@code y[0] = x[0]}; off when a = 0.</li>
 *   <li><b>Normalisation</b>: {@link Level#PEAK} scales the peak to {@code targetDbfs};
 *       {@link Level#RMS} scales the RMS to {@code targetDbfs} (loudness as plain RMS, not LUFS),
 *       but never beyond a peak of 1.0 so nothing clips.</li>
 * </ul>
 *
 * @param maxDurationSeconds longest accepted clip in seconds, positive
 * @param removeDc subtract the mean
 * @param silenceThreshold a clip with peak at or below this (full scale, in [0, 1)) is silent
 * @param trim trim leading and trailing silence
 * @param trimTopDb frames quieter than the loudest by more than this many dB are silent, positive
 * @param trimFrameSeconds trimming frame length in seconds, positive
 * @param trimHopSeconds trimming hop in seconds, positive
 * @param trimMarginSeconds kept on each side of the detected speech, at least 0
 * @param preEmphasis pre-emphasis coefficient in [0, 1), 0 = off
 * @param level normalisation kind
 * @param targetDbfs normalisation target in dB full scale, at most 0
 */
public record AudioConditioner(double maxDurationSeconds, boolean removeDc, double silenceThreshold, boolean trim,
                               double trimTopDb, double trimFrameSeconds, double trimHopSeconds,
                               double trimMarginSeconds, double preEmphasis, Level level, double targetDbfs) {

    /** Level normalisation kinds. */
    public enum Level {
        /** Leave the level alone. */
        NONE,
        /** Scale so the peak equals the target. */
        PEAK,
        /** Scale so the RMS equals the target, capped so the peak stays at or below 1. */
        RMS
    }

    /** Validates every field; the message names the first bad one. */
    public AudioConditioner {
        check(maxDurationSeconds > 0 && Double.isFinite(maxDurationSeconds), "maxDurationSeconds", maxDurationSeconds, "> 0");
        check(silenceThreshold >= 0 && silenceThreshold < 1, "silenceThreshold", silenceThreshold, "[0, 1)");
        check(trimTopDb > 0 && Double.isFinite(trimTopDb), "trimTopDb", trimTopDb, "> 0");
        check(trimFrameSeconds > 0 && trimFrameSeconds <= 1, "trimFrameSeconds", trimFrameSeconds, "(0, 1]");
        check(trimHopSeconds > 0 && trimHopSeconds <= trimFrameSeconds, "trimHopSeconds", trimHopSeconds,
                "(0, trimFrameSeconds]");
        check(trimMarginSeconds >= 0 && Double.isFinite(trimMarginSeconds), "trimMarginSeconds", trimMarginSeconds, ">= 0");
        check(preEmphasis >= 0 && preEmphasis < 1, "preEmphasis", preEmphasis, "[0, 1)");
        check(level != null, "level", level, "NONE, PEAK or RMS");
        check(targetDbfs <= 0 && targetDbfs > -120, "targetDbfs", targetDbfs, "(-120, 0]");
    }

    private static void check(boolean ok, String field, Object v, String accepted) {
        if (!ok) {
            throw new AudioConfigException("AudioConditioner." + field + " is " + v + "; accepted: " + accepted);
        }
    }

    /** @return the defaults: 30 s limit, DC removal, silence below 1e-4, trimming at 40 dB with 50 ms margins, no pre-emphasis, peak to -1 dBFS */
    public static AudioConditioner defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Conditions a clip.
     *
     * @param clip the input
     * @return the conditioned clip at the same rate
     * @throws InvalidAudioException if the clip is too long or silent
     */
    public AudioClip apply(AudioClip clip) {
        if (clip.durationSeconds() > maxDurationSeconds) {
            throw new InvalidAudioException(String.format(java.util.Locale.ROOT,
                    "clip lasts %.3f s; at most %.3f s is accepted", clip.durationSeconds(), maxDurationSeconds));
        }
        float[] x = clip.samples();
        if (x.length == 0) {
            throw new InvalidAudioException("clip has no samples; a non-empty clip is accepted");
        }
        if (removeDc) {
            double mean = 0;
            for (float v : x) {
                mean += v;
            }
            mean /= x.length;
            for (int i = 0; i < x.length; i++) {
                x[i] -= (float) mean;
            }
        }
        float peak = peak(x, 0, x.length);
        if (peak <= silenceThreshold) {
            throw new InvalidAudioException("clip is silent (peak " + peak + "); a peak above " + silenceThreshold
                    + " is accepted");
        }
        if (trim) {
            int[] span = speechSpan(x, clip.sampleRate());
            x = java.util.Arrays.copyOfRange(x, span[0], span[1]);
        }
        if (preEmphasis > 0) {
            for (int i = x.length - 1; i > 0; i--) {
                x[i] -= (float) (preEmphasis * x[i - 1]);
            }
        }
        float gain = switch (level) {
            case NONE -> 1f;
            case PEAK -> (float) (Math.pow(10, targetDbfs / 20) / peak(x, 0, x.length));
            case RMS -> (float) Math.min(Math.pow(10, targetDbfs / 20) / rms(x), 1.0 / peak(x, 0, x.length));
        };
        if (gain != 1f) {
            for (int i = 0; i < x.length; i++) {
                x[i] *= gain;
            }
        }
        return AudioClip.of(x, clip.sampleRate());
    }

    /** @return {first, end} sample indices of the kept span */
    int[] speechSpan(float[] x, int rate) {
        int frame = Math.max(1, (int) Math.round(trimFrameSeconds * rate));
        int hop = Math.max(1, (int) Math.round(trimHopSeconds * rate));
        int frames = x.length <= frame ? 1 : 1 + (x.length - frame + hop - 1) / hop;
        double[] energy = new double[frames];
        double loudest = 0;
        for (int f = 0; f < frames; f++) {
            int a = f * hop;
            int b = Math.min(x.length, a + frame);
            double s = 0;
            for (int i = a; i < b; i++) {
                s += (double) x[i] * x[i];
            }
            energy[f] = s / (b - a);
            loudest = Math.max(loudest, energy[f]);
        }
        double threshold = loudest * Math.pow(10, -trimTopDb / 10); // energies are powers
        int first = 0;
        while (energy[first] <= threshold) {
            first++; // stops: the loudest frame is above the threshold
        }
        int last = frames - 1;
        while (energy[last] <= threshold) {
            last--;
        }
        int margin = (int) Math.round(trimMarginSeconds * rate);
        int start = Math.max(0, first * hop - margin);
        int end = Math.min(x.length, last * hop + frame + margin);
        return new int[] {start, end};
    }

    private static float peak(float[] x, int a, int b) {
        float p = 0;
        for (int i = a; i < b; i++) {
            p = Math.max(p, Math.abs(x[i]));
        }
        return p;
    }

    private static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s / x.length);
    }

    /** Builder holding the defaults listed at {@link AudioConditioner#defaults()}. */
    public static final class Builder {
        private double maxDurationSeconds = 30;
        private boolean removeDc = true;
        private double silenceThreshold = 1e-4;
        private boolean trim = true;
        private double trimTopDb = 40;
        private double trimFrameSeconds = 0.025;
        private double trimHopSeconds = 0.010;
        private double trimMarginSeconds = 0.05;
        private double preEmphasis = 0;
        private Level level = Level.PEAK;
        private double targetDbfs = -1;

        private Builder() {
        }

        /** @param v longest accepted clip in seconds (default 30) @return this */
        public Builder maxDurationSeconds(double v) {
            maxDurationSeconds = v;
            return this;
        }

        /** @param v subtract the mean (default true) @return this */
        public Builder removeDc(boolean v) {
            removeDc = v;
            return this;
        }

        /** @param v silence peak threshold, full scale (default 1e-4, -80 dBFS) @return this */
        public Builder silenceThreshold(double v) {
            silenceThreshold = v;
            return this;
        }

        /** @param v trim leading and trailing silence (default true) @return this */
        public Builder trim(boolean v) {
            trim = v;
            return this;
        }

        /** @param v silence is this many dB below the loudest frame (default 40) @return this */
        public Builder trimTopDb(double v) {
            trimTopDb = v;
            return this;
        }

        /** @param v trimming frame in seconds (default 0.025) @return this */
        public Builder trimFrameSeconds(double v) {
            trimFrameSeconds = v;
            return this;
        }

        /** @param v trimming hop in seconds (default 0.010) @return this */
        public Builder trimHopSeconds(double v) {
            trimHopSeconds = v;
            return this;
        }

        /** @param v margin kept around speech in seconds (default 0.05) @return this */
        public Builder trimMarginSeconds(double v) {
            trimMarginSeconds = v;
            return this;
        }

        /** @param v pre-emphasis coefficient, 0 = off (default 0; 0.97 is customary when used) @return this */
        public Builder preEmphasis(double v) {
            preEmphasis = v;
            return this;
        }

        /** @param v normalisation kind (default PEAK) @return this */
        public Builder level(Level v) {
            level = v;
            return this;
        }

        /** @param v normalisation target in dBFS (default -1) @return this */
        public Builder targetDbfs(double v) {
            targetDbfs = v;
            return this;
        }

        /** @return the validated conditioner */
        public AudioConditioner build() {
            return new AudioConditioner(maxDurationSeconds, removeDc, silenceThreshold, trim, trimTopDb,
                    trimFrameSeconds, trimHopSeconds, trimMarginSeconds, preEmphasis, level, targetDbfs);
        }
    }
}
