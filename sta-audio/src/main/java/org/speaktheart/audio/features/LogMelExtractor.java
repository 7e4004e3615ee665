package org.speaktheart.audio.features;

import java.util.ArrayList;
import java.util.List;
import org.jtransforms.fft.FloatFFT_1D;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.InvalidAudioException;

/**
 * Computes log-mel features exactly as defined by a {@link LogMelConfig}, with JTransforms' real FFT.
 *
 * <p>Output layouts: {@link #extract(AudioClip)} gives {@code float[frames][nMels]};
 * {@link #extractFlat(AudioClip)} gives the same values row-major in one array, value of frame
 * {@code t}, mel {@code m} at index {@code t * nMels + m}; {@link #extractBatch(List)} pads many
 * clips into one {@code [batch][maxFrames][nMels]} array. The frame count is
 * {@link LogMelConfig#frameCount(int)}.
 *
 * <p>Clips must already be at the configuration's sample rate (use
 * {@link org.speaktheart.audio.dsp.Resampler}); anything else is an {@link InvalidAudioException}.
 * Instances are immutable and thread-safe: scratch buffers are per call.
 */
public final class LogMelExtractor {
    private final LogMelConfig config;
    private final FloatFFT_1D fft;
    /** Window placed inside the nFft frame: index i of the frame is weighted by frameWindow[i]. */
    private final float[] frameWindow;
    private final int winOffset;
    private final int[] filterStart;
    private final float[][] filterWeights;

    /**
     * Creates an extractor.
     *
     * @param config the feature definition
     */
    public LogMelExtractor(LogMelConfig config) {
        this.config = config;
        int nFft = config.nFft();
        int win = config.winLength();
        this.fft = new FloatFFT_1D(nFft);
        this.winOffset = (nFft - win) / 2; // the window sits centered in the frame, as librosa's pad_center
        this.frameWindow = new float[nFft];
        for (int i = 0; i < win; i++) {
            frameWindow[winOffset + i] = (float) windowValue(config.window(), i, win);
        }
        double[][] dense = MelFilterbank.weights(config);
        int nMels = config.nMels();
        filterStart = new int[nMels];
        filterWeights = new float[nMels][];
        for (int m = 0; m < nMels; m++) {
            int lo = 0;
            while (dense[m][lo] == 0) {
                lo++; // never runs off: the config refuses empty filters
            }
            int hi = dense[m].length - 1;
            while (dense[m][hi] == 0) {
                hi--;
            }
            filterStart[m] = lo;
            filterWeights[m] = new float[hi - lo + 1];
            for (int k = lo; k <= hi; k++) {
                filterWeights[m][k - lo] = (float) dense[m][k];
            }
        }
    }

    /** @return the feature definition */
    public LogMelConfig config() {
        return config;
    }

    static double windowValue(LogMelConfig.Window w, int i, int n) {
        return switch (w) {
            case HANN -> 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            case HAMMING -> 0.54 - 0.46 * Math.cos(2 * Math.PI * i / n);
            case RECTANGULAR -> 1.0;
        };
    }

    /**
     * Features of one clip as rows.
     *
     * @param clip mono clip at the configured sample rate
     * @return {@code [frames][nMels]}
     */
    public float[][] extract(AudioClip clip) {
        float[] flat = extractFlat(clip);
        int nMels = config.nMels();
        float[][] out = new float[flat.length / nMels][];
        for (int t = 0; t < out.length; t++) {
            out[t] = java.util.Arrays.copyOfRange(flat, t * nMels, (t + 1) * nMels);
        }
        return out;
    }

    /**
     * Features of one clip, row-major.
     *
     * @param clip mono clip at the configured sample rate
     * @return {@code frames * nMels} values; frame t, mel m at {@code t * nMels + m}
     */
    public float[] extractFlat(AudioClip clip) {
        checkClip(clip);
        return extractFlat(clip.samples());
    }

    /** Row-major features of finite samples at the configured rate. */
    private float[] extractFlat(float[] x) {
        int frames = config.frameCount(x.length);
        if (frames == 0) {
            throw new InvalidAudioException("clip of " + x.length + " samples gives no feature frame; at least "
                    + (config.center() ? 1 : config.nFft()) + " samples are accepted");
        }
        int nFft = config.nFft();
        int hop = config.hopLength();
        int nMels = config.nMels();
        int pad = config.center() ? nFft / 2 : 0;
        boolean reflect = config.padMode() == LogMelConfig.PadMode.REFLECT;
        boolean power = config.spectrum() == LogMelConfig.Spectrum.POWER;
        float floor = (float) config.logFloor();
        int bins = config.bins();
        float[] out = new float[frames * nMels];
        float[] buf = new float[nFft];
        float[] spec = new float[bins];
        int win = config.winLength();
        for (int t = 0; t < frames; t++) {
            // Frame sample i is signal sample t * hop - pad + i; only the window's span is non-zero.
            int start = t * hop - pad;
            java.util.Arrays.fill(buf, 0f);
            int i0 = winOffset;
            int i1 = winOffset + win;
            if (start + i0 >= 0 && start + i1 <= x.length) {
                for (int i = i0; i < i1; i++) {
                    buf[i] = x[start + i] * frameWindow[i];
                }
            } else {
                for (int i = i0; i < i1; i++) {
                    int j = start + i;
                    float v;
                    if (j >= 0 && j < x.length) {
                        v = x[j];
                    } else {
                        v = reflect ? x[reflectIndex(j, x.length)] : 0f;
                    }
                    buf[i] = v * frameWindow[i];
                }
            }
            fft.realForward(buf);
            // realForward layout (even n): buf[0] = Re(0), buf[1] = Re(n/2), buf[2k], buf[2k+1] = Re, Im of bin k.
            spec[0] = buf[0] * buf[0];
            spec[bins - 1] = buf[1] * buf[1];
            for (int k = 1; k < bins - 1; k++) {
                float re = buf[2 * k];
                float im = buf[2 * k + 1];
                spec[k] = re * re + im * im;
            }
            if (!power) {
                for (int k = 0; k < bins; k++) {
                    spec[k] = (float) Math.sqrt(spec[k]);
                }
            }
            int row = t * nMels;
            for (int m = 0; m < nMels; m++) {
                float[] w = filterWeights[m];
                int s = filterStart[m];
                float acc = 0f;
                for (int k = 0; k < w.length; k++) {
                    acc += w[k] * spec[s + k];
                }
                out[row + m] = (float) Math.log(Math.max(acc, floor));
            }
        }
        normalize(out, frames, nMels, config.normalization());
        return out;
    }

    /**
     * Features of many clips, each as {@link #extract(AudioClip)}.
     *
     * @param clips clips at the configured rate
     * @return one {@code [frames][nMels]} array per clip, in order
     */
    public List<float[][]> extractAll(List<AudioClip> clips) {
        List<float[][]> out = new ArrayList<>(clips.size());
        for (AudioClip c : clips) {
            out.add(extract(c));
        }
        return out;
    }

    /**
     * Features of many clips, padded into one array.
     *
     * @param clips clips at the configured rate, at least one
     * @return the padded batch; padding frames are 0
     */
    public LogMelBatch extractBatch(List<AudioClip> clips) {
        if (clips.isEmpty()) {
            throw new InvalidAudioException("batch is empty; at least one clip is accepted");
        }
        int nMels = config.nMels();
        float[][] each = new float[clips.size()][];
        int[] frames = new int[clips.size()];
        int maxFrames = 0;
        for (int b = 0; b < each.length; b++) {
            each[b] = extractFlat(clips.get(b));
            frames[b] = each[b].length / nMels;
            maxFrames = Math.max(maxFrames, frames[b]);
        }
        float[] data = new float[each.length * maxFrames * nMels]; // [B, Tmax, nMels]
        for (int b = 0; b < each.length; b++) {
            System.arraycopy(each[b], 0, data, b * maxFrames * nMels, each[b].length);
        }
        return new LogMelBatch(data, each.length, maxFrames, nMels, frames);
    }

    private void checkClip(AudioClip clip) {
        if (clip.sampleRate() != config.sampleRate()) {
            throw new InvalidAudioException("clip is at " + clip.sampleRate() + " Hz but the features are defined at "
                    + config.sampleRate() + " Hz; resample first (Resampler)");
        }
    }

    /** numpy 'reflect' index for any j: mirror at 0 and n-1 without repeating the edge, periodic with 2(n-1). */
    static int reflectIndex(int j, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int r = Math.floorMod(j, period);
        return r < n ? r : period - r;
    }

    /**
     * Per-utterance normalisation of each mel channel over frames, in place.
     *
     * @param flat row-major {@code [frames][nMels]}
     * @param frames number of frames
     * @param nMels number of channels
     * @param mode normalisation
     */
    public static void normalize(float[] flat, int frames, int nMels, LogMelConfig.Normalization mode) {
        if (mode == LogMelConfig.Normalization.NONE) {
            return;
        }
        double[] mean = new double[nMels];
        double[] sq = new double[nMels];
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < nMels; m++) {
                double v = flat[t * nMels + m];
                mean[m] += v;
                sq[m] += v * v;
            }
        }
        float[] shift = new float[nMels];
        float[] scale = new float[nMels];
        for (int m = 0; m < nMels; m++) {
            double mu = mean[m] / frames;
            double var = Math.max(0.0, sq[m] / frames - mu * mu);
            shift[m] = (float) mu;
            scale[m] = mode == LogMelConfig.Normalization.MEAN_VARIANCE
                    ? (float) (1.0 / Math.max(Math.sqrt(var), 1e-5)) : 1f;
        }
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < nMels; m++) {
                int i = t * nMels + m;
                flat[i] = (flat[i] - shift[m]) * scale[m];
            }
        }
    }
}
