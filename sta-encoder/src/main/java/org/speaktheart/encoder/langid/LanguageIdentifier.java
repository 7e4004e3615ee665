package org.speaktheart.encoder.langid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.encoder.EncoderInputException;
import org.speaktheart.encoder.inference.SpeechEmbedding;

/**
 * A trained spoken-language identifier on ONNX Runtime: which of its languages a clip is spoken in,
 * from the frame sequence of the speech encoder it was trained with (a {@link SpeechEmbedding}'s
 * {@code frames}), so identification costs one small matrix product after the encoder has run.
 *
 * <table>
 * <caption>Language identifier ONNX contract (version 1)</caption>
 * <tr><th>name</th><th>type</th><th>shape</th><th>meaning</th></tr>
 * <tr><td>pooled_frames</td><td>float</td><td>[batch, 2W]</td><td>{@link FramePooling#meanAndStd} of the encoder's frames</td></tr>
 * <tr><td>logits (output)</td><td>float</td><td>[batch, L]</td><td>language scores, softmax gives probabilities</td></tr>
 * </table>
 *
 * <p>Metadata: {@code sta.name = sta-language-identifier}, {@code sta.version = 1},
 * {@link #KEY_LANGUAGES} (comma-separated, index = class), {@link #KEY_ENCODER_SHA256} (the encoder
 * whose frames it reads) and training figures. Only valid next to that encoder: a pipeline checks the
 * hash. Thread-safe; close to free the native session.
 */
public final class LanguageIdentifier implements AutoCloseable {
    /** Model name in the metadata. */
    public static final String MODEL_NAME = "sta-language-identifier";
    /** Contract version. */
    public static final String CONTRACT_VERSION = "1";
    /** Input name. */
    public static final String POOLED_FRAMES = "pooled_frames";
    /** Output name. */
    public static final String LOGITS = "logits";
    /** Metadata key of the class languages, comma-separated. */
    public static final String KEY_LANGUAGES = "sta.langid.languages";
    /** Metadata key of the SHA-256 of the speech encoder ONNX the identifier was trained on. */
    public static final String KEY_ENCODER_SHA256 = "sta.langid.encoderSha256";

    private final OnnxModel model;
    private final List<String> languages;
    private final String encoderSha256;
    private final int featureDim;
    private final Map<String, String> properties;

    private LanguageIdentifier(OnnxModel model) {
        this.model = model;
        ModelMetadata meta;
        try {
            meta = ModelMetadata.fromProps(model.customMetadata());
        } catch (RuntimeException e) {
            throw new ModelLoadException(model.source() + " carries no STA metadata; expected a language identifier "
                    + "written by 'sta encoder langid'", e);
        }
        if (!MODEL_NAME.equals(meta.name()) || !CONTRACT_VERSION.equals(meta.version())) {
            throw new ModelLoadException(model.source() + " is '" + meta.name() + "' version " + meta.version()
                    + "; expected '" + MODEL_NAME + "' version " + CONTRACT_VERSION, null);
        }
        this.properties = Map.copyOf(meta.properties());
        String langs = properties.getOrDefault(KEY_LANGUAGES, "");
        this.languages = langs.isBlank() ? List.of() : List.of(langs.split(","));
        this.encoderSha256 = properties.get(KEY_ENCODER_SHA256);
        if (!model.inputs().containsKey(POOLED_FRAMES) || !model.outputs().containsKey(LOGITS)) {
            throw new ModelLoadException(model.source() + " lacks input '" + POOLED_FRAMES + "' or output '" + LOGITS
                    + "'; inputs " + model.inputs().keySet() + ", outputs " + model.outputs().keySet(), null);
        }
        long[] in = model.inputs().get(POOLED_FRAMES).shape();
        long[] out = model.outputs().get(LOGITS).shape();
        if (languages.size() < 2 || out[out.length - 1] != languages.size()) {
            throw new ModelLoadException(model.source() + ": metadata " + KEY_LANGUAGES + " lists " + languages
                    + " but the model gives " + out[out.length - 1] + " logits (needs at least 2 languages)", null);
        }
        if (encoderSha256 == null || encoderSha256.isBlank()) {
            throw new ModelLoadException(model.source() + ": metadata " + KEY_ENCODER_SHA256
                    + " is missing; the identifier cannot name the encoder it belongs to", null);
        }
        this.featureDim = (int) in[in.length - 1];
    }

    /**
     * Loads an identifier.
     *
     * @throws ModelLoadException when the file is missing, not ONNX, or not a language identifier
     */
    public static LanguageIdentifier load(Path file, RuntimeConfig runtime) {
        OnnxModel model = OnnxModel.load(file, runtime);
        try {
            return new LanguageIdentifier(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The languages it tells apart, in class order. */
    public List<String> languages() {
        return languages;
    }

    /** SHA-256 (hex) of the speech encoder ONNX whose frames it reads. */
    public String encoderSha256() {
        return encoderSha256;
    }

    /** Input width {@code 2W}: twice the encoder's frame width. */
    public int featureDim() {
        return featureDim;
    }

    /** Training provenance and figures stored in the model. */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * Identifies the language of one encoded clip.
     *
     * @throws EncoderInputException when the embedding's frames do not have the width the identifier reads
     */
    public LanguageGuess identify(SpeechEmbedding embedding) {
        return identifyPooled(List.of(FramePooling.meanAndStd(embedding.frames()))).get(0);
    }

    /**
     * Identifies the languages of pooled frame vectors ({@link FramePooling#meanAndStd}), in one call.
     *
     * @param pooled one {@code [2W]} vector per clip
     * @throws EncoderInputException for an empty list or a vector of the wrong width
     */
    public List<LanguageGuess> identifyPooled(List<float[]> pooled) {
        if (pooled.isEmpty()) {
            throw new EncoderInputException("nothing to identify: no pooled frame vectors");
        }
        float[] flat = new float[pooled.size() * featureDim];
        for (int i = 0; i < pooled.size(); i++) {
            float[] p = pooled.get(i);
            if (p.length != featureDim) {
                throw new EncoderInputException("pooled frames of width " + p.length + " but the language identifier reads "
                        + featureDim + " (2 x the frame width of the encoder it was trained with)");
            }
            System.arraycopy(p, 0, flat, i * featureDim, featureDim);
        }
        float[] logits = model.run(Map.of(POOLED_FRAMES, Tensor.ofFloats(flat, pooled.size(), featureDim))).get(LOGITS).floats();
        int l = languages.size();
        List<LanguageGuess> out = new ArrayList<>(pooled.size());
        for (int i = 0; i < pooled.size(); i++) {
            double[] p = softmax(logits, i * l, l);
            int best = 0;
            Map<String, Double> byLanguage = new LinkedHashMap<>();
            for (int k = 0; k < l; k++) {
                byLanguage.put(languages.get(k), p[k]);
                best = p[k] > p[best] ? k : best;
            }
            out.add(new LanguageGuess(languages.get(best), p[best], byLanguage));
        }
        return out;
    }

    static double[] softmax(float[] logits, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, logits[offset + k]);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            p[k] = Math.exp(logits[offset + k] - max);
            sum += p[k];
        }
        for (int k = 0; k < n; k++) {
            p[k] /= sum;
        }
        return p;
    }

    @Override
    public void close() {
        model.close();
    }
}
