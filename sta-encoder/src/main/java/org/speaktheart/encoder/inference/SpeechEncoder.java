package org.speaktheart.encoder.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.encoder.EncoderInputException;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderExport;

/**
 * An exported speech encoder on ONNX Runtime: clip to {@link SpeechEmbedding}. At load it reads the
 * configuration (with the feature configuration it was trained on) from the metadata and refuses a
 * model outside the contract of {@link SpeechEncoderExport}. A log-mel encoder builds its own front
 * end; an external-front-end encoder is given the loaded {@link ExternalFrontEnd}, which it then
 * owns. Thread-safe; close to free the native sessions.
 */
public final class SpeechEncoder implements AutoCloseable {
    private final OnnxModel model;
    private final SpeechEncoderConfig config;
    private final FrontEnd frontEnd;
    private final List<String> languages;

    private SpeechEncoder(OnnxModel model, FrontEnd external) {
        this.model = model;
        try {
            Map<String, String> meta = model.customMetadata();
            if (!SpeechEncoderExport.MODEL_NAME.equals(meta.get(ModelMetadata.KEY_NAME))
                    || !SpeechEncoderExport.CONTRACT_VERSION.equals(meta.get(ModelMetadata.KEY_VERSION))) {
                throw new ModelLoadException(model.source() + " is not an STA speech encoder of contract version "
                        + SpeechEncoderExport.CONTRACT_VERSION + " (metadata name=" + meta.get(ModelMetadata.KEY_NAME)
                        + ", version=" + meta.get(ModelMetadata.KEY_VERSION) + ")", null);
            }
            this.config = SpeechEncoderConfig.fromJson(meta.get(ModelMetadata.KEY_CONFIG));
            String langs = meta.getOrDefault(SpeechEncoderExport.KEY_LANGUAGES, "");
            this.languages = langs.isBlank() ? List.of() : List.of(langs.split(","));
            for (String name : List.of(SpeechEncoderExport.FEATURES, SpeechEncoderExport.PADDING_MASK)) {
                if (!model.inputs().containsKey(name)) {
                    throw new ModelLoadException("speech encoder " + model.source() + " lacks input '" + name
                            + "'; it declares " + model.inputs().keySet(), null);
                }
            }
            long[] fs = model.inputs().get(SpeechEncoderExport.FEATURES).shape();
            if (fs[fs.length - 1] != config.featureDim()) {
                throw new ModelLoadException("speech encoder input 'features' ends in " + fs[fs.length - 1]
                        + " but its configuration says featureDim " + config.featureDim(), null);
            }
            if (config.frontEnd() == SpeechEncoderConfig.FrontEndKind.LOG_MEL) {
                if (external != null) {
                    throw new ModelLoadException("this encoder was trained on log-mel features; do not pass a front end",
                            null);
                }
                this.frontEnd = new LogMelFrontEnd(config.logMelConfig());
            } else {
                if (!(external instanceof ExternalFrontEnd ext)) {
                    throw new ModelLoadException("this encoder needs its external front end (an ExternalFrontEnd)", null);
                }
                if (ext.layers() != config.frontEndLayers() || ext.hiddenSize() != config.featureDim()) {
                    throw new ModelLoadException("external front end gives " + ext.layers() + " layers of "
                            + ext.hiddenSize() + " but the encoder was trained on " + config.frontEndLayers() + " of "
                            + config.featureDim(), null);
                }
                this.frontEnd = ext;
            }
        } catch (RuntimeException e) {
            model.close();
            if (external != null) {
                external.close();
            }
            throw e instanceof ModelLoadException ? e
                    : new ModelLoadException("invalid speech encoder " + model.source() + ": " + e.getMessage(), e);
        }
    }

    /** Loads a log-mel encoder. */
    public static SpeechEncoder load(Path file, RuntimeConfig runtime) {
        return new SpeechEncoder(OnnxModel.load(file, runtime), null);
    }

    /** Loads a log-mel encoder from bytes. */
    public static SpeechEncoder load(byte[] bytes, RuntimeConfig runtime, String description) {
        return new SpeechEncoder(OnnxModel.load(bytes, runtime, description), null);
    }

    /** Loads an encoder trained on an external front end; the encoder takes ownership of it. */
    public static SpeechEncoder load(byte[] bytes, RuntimeConfig runtime, String description, ExternalFrontEnd frontEnd) {
        return new SpeechEncoder(OnnxModel.load(bytes, runtime, description), frontEnd);
    }

    /** Loads an encoder trained on an external front end from a file; the encoder owns the front end. */
    public static SpeechEncoder load(Path file, RuntimeConfig runtime, ExternalFrontEnd frontEnd) {
        return new SpeechEncoder(OnnxModel.load(file, runtime), frontEnd);
    }

    /** The configuration stored in the model. */
    public SpeechEncoderConfig config() {
        return config;
    }

    /** The languages the encoder was trained on. */
    public List<String> languages() {
        return languages;
    }

    /** Embeds one clip (language recorded as the encoder's languages). */
    public SpeechEmbedding embed(AudioClip clip) {
        return embedBatch(List.of(clip), String.join(",", languages)).get(0);
    }

    /** Embeds one clip spoken in {@code language} (must be one the encoder serves). */
    public SpeechEmbedding embed(AudioClip clip, String language) {
        return embedBatch(List.of(clip), language).get(0);
    }

    /** Embeds a batch (padding masks keep each result equal to its single-clip embedding). */
    public List<SpeechEmbedding> embedBatch(List<AudioClip> clips, String language) {
        if (!language.equals(String.join(",", languages)) && !languages.contains(language)) {
            throw new EncoderInputException("language '" + language + "' is not served by this encoder; it serves "
                    + languages);
        }
        FeatureBatch batch = frontEnd.features(clips);
        return run(batch, language);
    }

    /** Runs prepared front-end frames (as the training code builds them); used for parity checks. */
    public List<SpeechEmbedding> run(FeatureBatch batch, String language) {
        if (batch.maxFrames() > config.maxInputFrames()) {
            throw new EncoderInputException("clip of " + batch.maxFrames() + " frames exceeds the encoder's limit of "
                    + config.maxInputFrames() + " frames; cut it or use a model with a larger maxInputFrames");
        }
        int b = batch.batchSize();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put(SpeechEncoderExport.FEATURES, Tensor.ofFloats(batch.data(), batch.shape()));
        feeds.put(SpeechEncoderExport.PADDING_MASK, Tensor.ofBools(batch.paddingMask(), b, batch.maxFrames()));
        Map<String, Tensor> out = model.run(feeds);
        float[] emb = out.get(SpeechEncoderExport.EMBEDDING).floats();
        Tensor framesT = out.get(SpeechEncoderExport.FRAMES);
        float[] frames = framesT.floats();
        int tOut = (int) framesT.shape()[1];
        int w = config.width();
        int d = config.outputDim();
        List<SpeechEmbedding> result = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            int valid = config.subsampledFrames(batch.frames()[i]);
            float[][] f = new float[valid][];
            for (int t = 0; t < valid; t++) {
                f[t] = Arrays.copyOfRange(frames, (i * tOut + t) * w, (i * tOut + t + 1) * w);
            }
            result.add(new SpeechEmbedding(Arrays.copyOfRange(emb, i * d, (i + 1) * d), f, language));
        }
        return result;
    }

    /** The front end in use. */
    public FrontEnd frontEnd() {
        return frontEnd;
    }

    @Override
    public void close() {
        try {
            frontEnd.close();
        } finally {
            model.close();
        }
    }
}
