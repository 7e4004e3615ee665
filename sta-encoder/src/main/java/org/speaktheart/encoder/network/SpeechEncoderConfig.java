package org.speaktheart.encoder.network;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.speaktheart.audio.features.LogMelConfig;
import org.speaktheart.encoder.EncoderConfigException;

/**
 * Shape of the speech encoder network and the front end it was trained on (stored with the model).
 *
 * <p>Input {@code [B, T, featureDim]} (log-mel: {@code featureDim = nMels}) or, for an external
 * self-supervised front end, {@code [B, frontEndLayers, T, featureDim]} hidden states that a learned
 * softmax-weighted sum reduces to {@code [B, T, featureDim]}. Then {@code subsamplingLayers}
 * stride-2 convolutions in time (kernel 3) to {@code width}, a learnable [CLS] token, learned
 * positions, {@code layers} pre-LN Transformer layers, a final LayerNorm, and a Linear from the
 * [CLS] state to {@code outputDim} followed by L2 normalisation.
 *
 * @param frontEnd which front end produces the input
 * @param frontEndJson the front end's own configuration: {@link LogMelConfig#toJson()} for log-mel,
 *     the external front end's metadata JSON otherwise
 * @param featureDim input width per frame (mels, or hidden size of the external model)
 * @param frontEndLayers hidden-state layers of an external front end (1 for log-mel)
 * @param maxInputFrames longest input in frames
 * @param subsamplingLayers number of stride-2 time convolutions, 0..4 (time reduced by 2^n)
 * @param width Transformer width
 * @param heads attention heads (divide width)
 * @param layers Transformer layers (>= 1)
 * @param mlpHidden MLP inner width
 * @param outputDim teacher embedding dimension
 * @param dropout dropout while training, in [0, 1)
 */
public record SpeechEncoderConfig(FrontEndKind frontEnd, String frontEndJson, int featureDim, int frontEndLayers,
                                  int maxInputFrames, int subsamplingLayers, int width, int heads, int layers,
                                  int mlpHidden, int outputDim, float dropout) {

    /** Where the encoder's input frames come from. */
    public enum FrontEndKind {
        /** Log-mel features from sta-audio ({@code frontEndJson} is a {@link LogMelConfig} JSON). */
        LOG_MEL,
        /** Hidden states of all layers of an external ONNX speech model (see {@code ExternalFrontEnd}). */
        EXTERNAL
    }

    /** Format name of the JSON form. */
    public static final String FORMAT = "sta-speech-encoder-config";
    /** Version of the JSON form. */
    public static final int VERSION = 1;
    private static final Gson GSON = new Gson();

    /** Validates every field; the message names the field. */
    public SpeechEncoderConfig {
        if (frontEnd == null) {
            throw new EncoderConfigException("SpeechEncoderConfig.frontEnd must be set");
        }
        if (frontEndJson == null || frontEndJson.isBlank()) {
            throw new EncoderConfigException("SpeechEncoderConfig.frontEndJson must be a non-empty JSON object");
        }
        positive("featureDim", featureDim);
        positive("frontEndLayers", frontEndLayers);
        positive("maxInputFrames", maxInputFrames);
        positive("width", width);
        positive("heads", heads);
        positive("layers", layers);
        positive("mlpHidden", mlpHidden);
        positive("outputDim", outputDim);
        if (subsamplingLayers < 0 || subsamplingLayers > 4) {
            throw new EncoderConfigException("SpeechEncoderConfig.subsamplingLayers must be in 0..4, got " + subsamplingLayers);
        }
        if (width % heads != 0) {
            throw new EncoderConfigException("SpeechEncoderConfig.width (" + width + ") must be a multiple of heads ("
                    + heads + ")");
        }
        if (frontEnd == FrontEndKind.LOG_MEL) {
            if (frontEndLayers != 1) {
                throw new EncoderConfigException("SpeechEncoderConfig.frontEndLayers must be 1 for LOG_MEL, got "
                        + frontEndLayers);
            }
            int mels = logMel(frontEndJson).nMels();
            if (mels != featureDim) {
                throw new EncoderConfigException("SpeechEncoderConfig.featureDim (" + featureDim
                        + ") must equal the log-mel nMels (" + mels + ")");
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new EncoderConfigException("SpeechEncoderConfig.dropout must be in [0, 1), got " + dropout);
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new EncoderConfigException("SpeechEncoderConfig." + field + " must be > 0, got " + value);
        }
    }

    private static LogMelConfig logMel(String json) {
        try {
            return LogMelConfig.fromJson(json);
        } catch (RuntimeException e) {
            throw new EncoderConfigException("SpeechEncoderConfig.frontEndJson is not a log-mel configuration: "
                    + e.getMessage());
        }
    }

    /** The log-mel configuration (only for {@link FrontEndKind#LOG_MEL}). */
    public LogMelConfig logMelConfig() {
        if (frontEnd != FrontEndKind.LOG_MEL) {
            throw new EncoderConfigException("this encoder uses the " + frontEnd + " front end, not log-mel");
        }
        return logMel(frontEndJson);
    }

    /** Frames after subsampling for an input of {@code frames} frames: ceil(frames / 2^n). */
    public int subsampledFrames(int frames) {
        int t = frames;
        for (int i = 0; i < subsamplingLayers; i++) {
            t = (t + 1) / 2;
        }
        return t;
    }

    /** sta-audio's default log-mel with per-utterance mean-variance normalisation (level-independent). */
    public static LogMelConfig defaultLogMel() {
        return LogMelConfig.defaults().toBuilder().normalization(LogMelConfig.Normalization.MEAN_VARIANCE).build();
    }

    /** A builder with the defaults: log-mel ({@link #defaultLogMel()}), 12 s, 2 subsampling layers, 192 wide, 4 layers. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.frontEnd = frontEnd;
        b.frontEndJson = frontEndJson;
        b.featureDim = featureDim;
        b.frontEndLayers = frontEndLayers;
        b.maxInputFrames = maxInputFrames;
        b.subsamplingLayers = subsamplingLayers;
        b.width = width;
        b.heads = heads;
        b.layers = layers;
        b.mlpHidden = mlpHidden;
        b.outputDim = outputDim;
        b.dropout = dropout;
        return b;
    }

    /** The JSON form, with format name and version. */
    public String toJson() {
        JsonObject o = GSON.toJsonTree(this).getAsJsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        return GSON.toJson(o);
    }

    /** Reads {@link #toJson()}; an unknown format or version, or a missing field, is refused. */
    public static SpeechEncoderConfig fromJson(String json) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new EncoderConfigException("speech encoder configuration is not a JSON object: " + e.getMessage());
        }
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
            throw new EncoderConfigException("configuration format must be " + FORMAT + ", got " + o.get("format"));
        }
        if (!o.has("version") || o.get("version").getAsInt() != VERSION) {
            throw new EncoderConfigException("configuration version " + o.get("version") + " is not supported (accepted: "
                    + VERSION + ")");
        }
        for (String field : new String[] {"frontEnd", "frontEndJson", "featureDim", "frontEndLayers", "maxInputFrames",
                "subsamplingLayers", "width", "heads", "layers", "mlpHidden", "outputDim", "dropout"}) {
            if (!o.has(field)) {
                throw new EncoderConfigException("configuration lacks the field '" + field + "'");
            }
        }
        try {
            return GSON.fromJson(o, SpeechEncoderConfig.class);
        } catch (JsonParseException e) {
            throw new EncoderConfigException("configuration cannot be read: " + e.getMessage());
        }
    }

    /** Builder of {@link SpeechEncoderConfig}; {@link #build()} validates. */
    public static final class Builder {
        private FrontEndKind frontEnd = FrontEndKind.LOG_MEL;
        private String frontEndJson = defaultLogMel().toJson();
        private int featureDim = LogMelConfig.defaults().nMels();
        private int frontEndLayers = 1;
        private int maxInputFrames = 1201;
        private int subsamplingLayers = 2;
        private int width = 192;
        private int heads = 4;
        private int layers = 4;
        private int mlpHidden = 768;
        private int outputDim = 384;
        private float dropout = 0.1f;

        private Builder() {
        }

        /** Log-mel front end with this configuration (sets featureDim to its nMels). */
        public Builder logMel(LogMelConfig config) {
            this.frontEnd = FrontEndKind.LOG_MEL;
            this.frontEndJson = config.toJson();
            this.featureDim = config.nMels();
            this.frontEndLayers = 1;
            return this;
        }

        /** External front end: its metadata JSON, hidden size and layer count. */
        public Builder external(String metadataJson, int hiddenSize, int layerCount) {
            this.frontEnd = FrontEndKind.EXTERNAL;
            this.frontEndJson = metadataJson;
            this.featureDim = hiddenSize;
            this.frontEndLayers = layerCount;
            return this;
        }

        /** Longest input in frames. */
        public Builder maxInputFrames(int v) {
            this.maxInputFrames = v;
            return this;
        }

        /** Stride-2 time convolutions (0..4). */
        public Builder subsamplingLayers(int v) {
            this.subsamplingLayers = v;
            return this;
        }

        /** Transformer width. */
        public Builder width(int v) {
            this.width = v;
            return this;
        }

        /** Attention heads. */
        public Builder heads(int v) {
            this.heads = v;
            return this;
        }

        /** Transformer layers. */
        public Builder layers(int v) {
            this.layers = v;
            return this;
        }

        /** MLP inner width. */
        public Builder mlpHidden(int v) {
            this.mlpHidden = v;
            return this;
        }

        /** Teacher embedding dimension. */
        public Builder outputDim(int v) {
            this.outputDim = v;
            return this;
        }

        /** Training dropout. */
        public Builder dropout(float v) {
            this.dropout = v;
            return this;
        }

        /** The validated configuration. */
        public SpeechEncoderConfig build() {
            return new SpeechEncoderConfig(frontEnd, frontEndJson, featureDim, frontEndLayers, maxInputFrames,
                    subsamplingLayers, width, heads, layers, mlpHidden, outputDim, dropout);
        }
    }
}
