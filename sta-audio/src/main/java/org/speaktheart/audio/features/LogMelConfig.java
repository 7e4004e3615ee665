package org.speaktheart.audio.features;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.Serializable;
import java.util.Locale;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioConfigException;

/**
 * The exact definition of a log-mel feature, stored with every trained model so that inference
 * computes the features training used.
 *
 * <p>Frame {@code t} reads the signal from sample {@code t * hopLength} (centered: the signal is
 * first padded by {@code nFft / 2} on each side with {@link PadMode}); the {@code winLength}
 * window (periodic form) sits centered inside the {@code nFft} frame, the rest of the frame is zero;
 * the real FFT gives {@code nFft / 2 + 1} bins, squared ({@link Spectrum#POWER}) or not
 * ({@link Spectrum#MAGNITUDE}); {@code nMels} triangular filters between {@code fMin} and
 * {@code fMax} (Hz) on the {@link MelScale} with {@link MelNorm} weighting sum the bins; the
 * feature is {@code ln(max(melEnergy, logFloor))}; finally the optional per-utterance
 * {@link Normalization} over frames, per mel channel.
 *
 * <p>With {@link Builder defaults} (16 kHz, 25 ms Hann window, 10 ms hop, n_fft 512, 80 Slaney
 * mels with Slaney area normalisation, 0 to 8000 Hz, power, reflect-padded centered frames, floor
 * 1e-10, no normalisation) the definition is that of
 * {@code np.log(np.maximum(librosa.feature.melspectrogram(y=y, sr=16000, n_fft=512, hop_length=160,
 * win_length=400, window='hann', center=True, pad_mode='reflect', power=2.0, n_mels=80,
 * htk=False, norm='slaney'), 1e-10))}, i.e. librosa's Slaney convention (computed here in float).
 * {@link MelScale#HTK} with {@link MelNorm#NONE} is torchaudio's default (HTK) filterbank.
 *
 * <p>JSON form ({@link #toJson()}, {@link #fromJson(String)}) carries {@code "format": "sta-logmel"}
 * and {@code "version": 1}; every field is required on reading so that no default can silently
 * change a model's features.
 *
 * @param sampleRate sample rate in Hz the features are defined at
 * @param nFft FFT length in samples, even, in [16, 4096]
 * @param winLength window length in samples, in [1, nFft]
 * @param hopLength hop between frames in samples, at least 1
 * @param window window shape (periodic)
 * @param center true: frame t is centered at sample t * hop (the signal is padded by nFft/2 on each side)
 * @param padMode how centered frames are padded at the ends
 * @param nMels number of mel filters, in [1, 512]
 * @param fMin lowest filter edge in Hz, at least 0
 * @param fMax highest filter edge in Hz, above fMin and at most sampleRate / 2
 * @param melScale Hz-to-mel mapping
 * @param melNorm filter weighting
 * @param spectrum power or magnitude spectrum
 * @param logFloor values below it are raised to it before the natural log, positive
 * @param normalization per-utterance normalisation of each mel channel over frames
 */
public record LogMelConfig(int sampleRate, int nFft, int winLength, int hopLength, Window window, boolean center,
                           PadMode padMode, int nMels, double fMin, double fMax, MelScale melScale, MelNorm melNorm,
                           Spectrum spectrum, double logFloor, Normalization normalization) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** JSON format name. */
    public static final String FORMAT = "sta-logmel";
    /** JSON format version written by this class and the only one it reads. */
    public static final int VERSION = 1;

    /** Analysis window shapes, all in their periodic (DFT-even) form of length winLength N. */
    public enum Window {
        /** {@code 0.5 - 0.5 cos(2 pi n / N)}. */
        HANN,
        /** {@code 0.54 - 0.46 cos(2 pi n / N)}. */
        HAMMING,
        /** All ones. */
        RECTANGULAR
    }

    /** Padding of the signal ends for centered frames. */
    public enum PadMode {
        /** Mirror without repeating the edge sample ({@code numpy.pad(mode='reflect')}). */
        REFLECT,
        /** Zeros. */
        ZERO
    }

    /** Hz-to-mel mappings. */
    public enum MelScale {
        /** Slaney (Auditory Toolbox, librosa default): linear below 1 kHz ({@code f / (200/3)}), logarithmic above. */
        SLANEY,
        /** HTK: {@code 2595 log10(1 + f / 700)}. */
        HTK
    }

    /** Filter weightings. */
    public enum MelNorm {
        /** Triangles of peak 1. */
        NONE,
        /** Triangles scaled by {@code 2 / (upper edge - lower edge in Hz)} so each has equal area. */
        SLANEY
    }

    /** Which spectrum the filters sum. */
    public enum Spectrum {
        /** {@code |X|^2}. */
        POWER,
        /** {@code |X|}. */
        MAGNITUDE
    }

    /** Per-utterance normalisation of each mel channel over the frames of one clip. */
    public enum Normalization {
        /** None. */
        NONE,
        /** Subtract the channel's mean. */
        MEAN,
        /** Subtract the mean and divide by {@code max(std, 1e-5)} (population standard deviation). */
        MEAN_VARIANCE
    }

    /** Validates every field; the message names the first bad one. */
    public LogMelConfig {
        try {
            AudioClip.checkSampleRate(sampleRate);
        } catch (RuntimeException e) {
            throw new AudioConfigException("sampleRate: " + e.getMessage(), e);
        }
        check(nFft >= 16 && nFft <= 4096 && nFft % 2 == 0, "nFft", nFft, "an even number in 16..4096");
        check(winLength >= 1 && winLength <= nFft, "winLength", winLength, "1..nFft (" + nFft + ")");
        check(hopLength >= 1, "hopLength", hopLength, "at least 1");
        check(window != null, "window", window, "HANN, HAMMING or RECTANGULAR");
        check(padMode != null, "padMode", padMode, "REFLECT or ZERO");
        check(nMels >= 1 && nMels <= 512, "nMels", nMels, "1..512");
        check(Double.isFinite(fMin) && fMin >= 0, "fMin", fMin, "a finite value >= 0 Hz");
        check(Double.isFinite(fMax) && fMax > fMin && fMax <= sampleRate / 2.0, "fMax", fMax,
                "above fMin (" + fMin + ") and at most sampleRate / 2 (" + sampleRate / 2.0 + ")");
        check(melScale != null, "melScale", melScale, "SLANEY or HTK");
        check(melNorm != null, "melNorm", melNorm, "NONE or SLANEY");
        check(spectrum != null, "spectrum", spectrum, "POWER or MAGNITUDE");
        check(Double.isFinite(logFloor) && logFloor > 0, "logFloor", logFloor, "a finite value > 0");
        check(normalization != null, "normalization", normalization, "NONE, MEAN or MEAN_VARIANCE");
        MelFilterbank.checkNoEmptyFilter(sampleRate, nFft, nMels, fMin, fMax, melScale);
    }

    private static void check(boolean ok, String field, Object value, String accepted) {
        if (!ok) {
            throw new AudioConfigException("LogMelConfig." + field + " is " + value + "; accepted: " + accepted);
        }
    }

    /** @return the default speech configuration (see the class description) */
    public static LogMelConfig defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration's values */
    public Builder toBuilder() {
        return new Builder().sampleRate(sampleRate).nFft(nFft).winLength(winLength).hopLength(hopLength)
                .window(window).center(center).padMode(padMode).nMels(nMels).fMin(fMin).fMax(fMax)
                .melScale(melScale).melNorm(melNorm).spectrum(spectrum).logFloor(logFloor)
                .normalization(normalization);
    }

    /** @return the number of FFT bins, {@code nFft / 2 + 1} */
    public int bins() {
        return nFft / 2 + 1;
    }

    /**
     * Number of frames for a clip of {@code samples} samples.
     *
     * @param samples clip length
     * @return {@code 1 + samples / hop} when centered, else {@code 1 + (samples - nFft) / hop}
     *         (0 when the clip is shorter than nFft)
     */
    public int frameCount(int samples) {
        if (center) {
            return samples <= 0 ? 0 : 1 + samples / hopLength;
        }
        return samples < nFft ? 0 : 1 + (samples - nFft) / hopLength;
    }

    /** @return this configuration as a JSON object string with format and version fields */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("sampleRate", sampleRate);
        o.addProperty("nFft", nFft);
        o.addProperty("winLength", winLength);
        o.addProperty("hopLength", hopLength);
        o.addProperty("window", window.name());
        o.addProperty("center", center);
        o.addProperty("padMode", padMode.name());
        o.addProperty("nMels", nMels);
        o.addProperty("fMin", fMin);
        o.addProperty("fMax", fMax);
        o.addProperty("melScale", melScale.name());
        o.addProperty("melNorm", melNorm.name());
        o.addProperty("spectrum", spectrum.name());
        o.addProperty("logFloor", logFloor);
        o.addProperty("normalization", normalization.name());
        return o.toString();
    }

    /**
     * Reads a configuration written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the validated configuration
     * @throws AudioConfigException on malformed JSON, another format, an unknown version, a missing
     *         field or a bad value (the message names the field)
     */
    public static LogMelConfig fromJson(String json) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json == null ? "" : json);
            if (!e.isJsonObject()) {
                throw new AudioConfigException("LogMelConfig JSON is not an object: " + abbreviate(json));
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new AudioConfigException("LogMelConfig JSON cannot be parsed: " + e.getMessage(), e);
        }
        String format = string(o, "format");
        if (!FORMAT.equals(format)) {
            throw new AudioConfigException("LogMelConfig format is '" + format + "'; '" + FORMAT + "' is accepted");
        }
        int version = integer(o, "version");
        if (version != VERSION) {
            throw new AudioConfigException("LogMelConfig version " + version + " is unknown; version " + VERSION
                    + " is accepted");
        }
        return new LogMelConfig(integer(o, "sampleRate"), integer(o, "nFft"), integer(o, "winLength"),
                integer(o, "hopLength"), enumValue(o, "window", Window.class), bool(o, "center"),
                enumValue(o, "padMode", PadMode.class), integer(o, "nMels"), number(o, "fMin"), number(o, "fMax"),
                enumValue(o, "melScale", MelScale.class), enumValue(o, "melNorm", MelNorm.class),
                enumValue(o, "spectrum", Spectrum.class), number(o, "logFloor"),
                enumValue(o, "normalization", Normalization.class));
    }

    private static JsonPrimitive field(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            throw new AudioConfigException("LogMelConfig JSON field '" + name + "' is " + (e == null ? "missing" : e)
                    + "; every field is required");
        }
        return e.getAsJsonPrimitive();
    }

    private static String string(JsonObject o, String name) {
        JsonPrimitive p = field(o, name);
        if (!p.isString()) {
            throw new AudioConfigException("LogMelConfig JSON field '" + name + "' is " + p + "; a string is accepted");
        }
        return p.getAsString();
    }

    private static double number(JsonObject o, String name) {
        JsonPrimitive p = field(o, name);
        if (!p.isNumber()) {
            throw new AudioConfigException("LogMelConfig JSON field '" + name + "' is " + p + "; a number is accepted");
        }
        return p.getAsDouble();
    }

    private static int integer(JsonObject o, String name) {
        double v = number(o, name);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new AudioConfigException("LogMelConfig JSON field '" + name + "' is " + v + "; an integer is accepted");
        }
        return (int) v;
    }

    private static boolean bool(JsonObject o, String name) {
        JsonPrimitive p = field(o, name);
        if (!p.isBoolean()) {
            throw new AudioConfigException("LogMelConfig JSON field '" + name + "' is " + p + "; true or false is accepted");
        }
        return p.getAsBoolean();
    }

    private static <E extends Enum<E>> E enumValue(JsonObject o, String name, Class<E> type) {
        String s = string(o, name);
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            throw new AudioConfigException("LogMelConfig JSON field '" + name + "' is '" + s + "'; accepted: "
                    + java.util.Arrays.toString(type.getEnumConstants()), e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** Builder with speech defaults; {@code fMax} defaults to half the sample rate. */
    public static final class Builder {
        private int sampleRate = 16_000;
        private int nFft = 512;
        private int winLength = 400;
        private int hopLength = 160;
        private Window window = Window.HANN;
        private boolean center = true;
        private PadMode padMode = PadMode.REFLECT;
        private int nMels = 80;
        private double fMin = 0.0;
        private double fMax = Double.NaN;
        private MelScale melScale = MelScale.SLANEY;
        private MelNorm melNorm = MelNorm.SLANEY;
        private Spectrum spectrum = Spectrum.POWER;
        private double logFloor = 1e-10;
        private Normalization normalization = Normalization.NONE;

        private Builder() {
        }

        /** @param v sample rate in Hz (default 16000) @return this */
        public Builder sampleRate(int v) {
            sampleRate = v;
            return this;
        }

        /** @param v FFT length (default 512) @return this */
        public Builder nFft(int v) {
            nFft = v;
            return this;
        }

        /** @param v window length in samples (default 400 = 25 ms at 16 kHz) @return this */
        public Builder winLength(int v) {
            winLength = v;
            return this;
        }

        /** @param v hop in samples (default 160 = 10 ms at 16 kHz) @return this */
        public Builder hopLength(int v) {
            hopLength = v;
            return this;
        }

        /** @param v window shape (default HANN) @return this */
        public Builder window(Window v) {
            window = v;
            return this;
        }

        /** @param v centered frames (default true) @return this */
        public Builder center(boolean v) {
            center = v;
            return this;
        }

        /** @param v end padding for centered frames (default REFLECT) @return this */
        public Builder padMode(PadMode v) {
            padMode = v;
            return this;
        }

        /** @param v number of mel filters (default 80) @return this */
        public Builder nMels(int v) {
            nMels = v;
            return this;
        }

        /** @param v lowest frequency in Hz (default 0) @return this */
        public Builder fMin(double v) {
            fMin = v;
            return this;
        }

        /** @param v highest frequency in Hz (default sampleRate / 2) @return this */
        public Builder fMax(double v) {
            fMax = v;
            return this;
        }

        /** @param v mel scale (default SLANEY) @return this */
        public Builder melScale(MelScale v) {
            melScale = v;
            return this;
        }

        /** @param v filter weighting (default SLANEY) @return this */
        public Builder melNorm(MelNorm v) {
            melNorm = v;
            return this;
        }

        /** @param v spectrum (default POWER) @return this */
        public Builder spectrum(Spectrum v) {
            spectrum = v;
            return this;
        }

        /** @param v log floor (default 1e-10) @return this */
        public Builder logFloor(double v) {
            logFloor = v;
            return this;
        }

        /** @param v per-utterance normalisation (default NONE) @return this */
        public Builder normalization(Normalization v) {
            normalization = v;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws AudioConfigException naming the first bad field
         */
        public LogMelConfig build() {
            double fm = Double.isNaN(fMax) ? sampleRate / 2.0 : fMax;
            return new LogMelConfig(sampleRate, nFft, winLength, hopLength, window, center, padMode, nMels,
                    fMin, fm, melScale, melNorm, spectrum, logFloor, normalization);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LogMelConfig[%d Hz, nFft %d, win %d %s, hop %d, %d %s mels %.0f-%.0f Hz]",
                sampleRate, nFft, winLength, window, hopLength, nMels, melScale, fMin, fMax);
    }
}
