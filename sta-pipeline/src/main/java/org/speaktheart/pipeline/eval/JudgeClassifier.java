package org.speaktheart.pipeline.eval;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.teacher.ImagePreprocessing;

/**
 * The trained judge on ONNX Runtime: classifies images into the concepts it was trained on.
 *
 * <table>
 * <caption>Judge ONNX contract (version 1)</caption>
 * <tr><th>name</th><th>type</th><th>shape</th><th>meaning</th></tr>
 * <tr><td>pixel_values</td><td>float</td><td>[batch, 3, S, S]</td><td>RGB on white, resized to S, scaled to [-1, 1]</td></tr>
 * <tr><td>logits (output)</td><td>float</td><td>[batch, classes]</td><td>concept scores</td></tr>
 * </table>
 *
 * <p>Metadata: {@code sta.name = sta-eval-judge}, {@code sta.version = 1}, {@code sta.config} = the
 * {@link JudgeConfig} JSON, {@link #KEY_CONCEPTS} = JSON array of the class concept ids (index =
 * class), {@link #KEY_VAL_ACCURACY} = its accuracy on the held-out style, plus the training
 * provenance. A model that does not fit is refused at load with {@link EvaluationException}.
 */
public final class JudgeClassifier implements AutoCloseable {
    /** Model name in the metadata. */
    public static final String MODEL_NAME = "sta-eval-judge";
    /** Contract version. */
    public static final String CONTRACT_VERSION = "1";
    /** Input name. */
    public static final String PIXEL_VALUES = "pixel_values";
    /** Output name. */
    public static final String LOGITS = "logits";
    /** Metadata key of the class concept ids (JSON array). */
    public static final String KEY_CONCEPTS = "sta.judge.concepts";
    /** Metadata key of the validation accuracy. */
    public static final String KEY_VAL_ACCURACY = "sta.judge.valAccuracy";
    private static final int BATCH = 32;

    private final OnnxModel model;
    private final JudgeConfig config;
    private final List<String> concepts;
    private final double valAccuracy;
    private final Map<String, String> properties;
    private final ImagePreprocessing preprocessing;
    private final Path file;

    private JudgeClassifier(Path file, OnnxModel model) {
        this.file = file;
        this.model = model;
        ModelMetadata meta;
        try {
            meta = ModelMetadata.fromProps(model.customMetadata());
        } catch (RuntimeException e) {
            throw new EvaluationException(file + " carries no STA metadata; expected a judge written by JudgeTrainer", e);
        }
        if (!MODEL_NAME.equals(meta.name()) || !CONTRACT_VERSION.equals(meta.version())) {
            throw new EvaluationException(file + " is '" + meta.name() + "' version " + meta.version() + "; expected '"
                    + MODEL_NAME + "' version " + CONTRACT_VERSION);
        }
        this.config = JudgeConfig.fromJson(meta.configJson());
        this.properties = Map.copyOf(meta.properties());
        try {
            String[] ids = new Gson().fromJson(properties.get(KEY_CONCEPTS), String[].class);
            if (ids == null || ids.length != config.classes()) {
                throw new EvaluationException(file + ": metadata " + KEY_CONCEPTS + " must list " + config.classes()
                        + " concepts, got " + (ids == null ? "none" : ids.length));
            }
            this.concepts = List.of(ids);
        } catch (JsonParseException e) {
            throw new EvaluationException(file + ": metadata " + KEY_CONCEPTS + " is not a JSON array of strings", e);
        }
        String acc = properties.get(KEY_VAL_ACCURACY);
        this.valAccuracy = acc == null ? Double.NaN : Double.parseDouble(acc);
        if (!model.inputs().containsKey(PIXEL_VALUES) || !model.outputs().containsKey(LOGITS)) {
            throw new EvaluationException(file + " lacks input '" + PIXEL_VALUES + "' or output '" + LOGITS + "'; inputs "
                    + model.inputs().keySet() + ", outputs " + model.outputs().keySet());
        }
        this.preprocessing = preprocessing(config.imageSize());
    }

    /**
     * Loads a judge.
     *
     * @throws EvaluationException when the file is missing, is not ONNX, or is not a judge
     */
    public static JudgeClassifier load(Path file, RuntimeConfig runtime) {
        if (!Files.isRegularFile(file)) {
            throw new EvaluationException("judge model " + file + " does not exist; train one with 'sta evaluate judge-train'");
        }
        OnnxModel model;
        try {
            model = OnnxModel.load(file, runtime);
        } catch (ModelLoadException e) {
            throw new EvaluationException("cannot load judge model " + file + ": " + e.getMessage(), e);
        }
        try {
            return new JudgeClassifier(file, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The judge's preprocessing at side {@code s}: white background, resize, [-1, 1]. */
    static ImagePreprocessing preprocessing(int s) {
        return ImagePreprocessing.symmetric(s);
    }

    /** The file it was loaded from. */
    public Path file() {
        return file;
    }

    /** The network shape. */
    public JudgeConfig config() {
        return config;
    }

    /** Concept id of each class, sorted. */
    public List<String> concepts() {
        return concepts;
    }

    /** Accuracy on the held-out style measured when it was trained (NaN when not recorded). */
    public double valAccuracy() {
        return valAccuracy;
    }

    /** The training provenance from the metadata. */
    public Map<String, String> properties() {
        return properties;
    }

    /** Logits of images of any size, {@code [images.size()][classes]}. */
    public float[][] logits(List<BufferedImage> images) {
        int classes = config.classes();
        int s = config.imageSize();
        float[][] out = new float[images.size()][];
        for (int start = 0; start < images.size(); start += BATCH) {
            List<BufferedImage> chunk = images.subList(start, Math.min(images.size(), start + BATCH));
            int n = chunk.size();
            float[] pixels = preprocessing.applyBatch(chunk);
            float[] y = model.run(Map.of(PIXEL_VALUES, Tensor.ofFloats(pixels, n, 3, s, s))).get(LOGITS).floats();
            for (int i = 0; i < n; i++) {
                out[start + i] = Arrays.copyOfRange(y, i * classes, (i + 1) * classes);
            }
        }
        return out;
    }

    /** Logits of already preprocessed images {@code [n][3 * S * S]}. */
    float[][] logitsOfPixels(float[][] pixels) {
        int classes = config.classes();
        int s = config.imageSize();
        int values = 3 * s * s;
        float[][] out = new float[pixels.length][];
        for (int start = 0; start < pixels.length; start += BATCH) {
            int n = Math.min(BATCH, pixels.length - start);
            float[] flat = new float[n * values];
            for (int i = 0; i < n; i++) {
                System.arraycopy(pixels[start + i], 0, flat, i * values, values);
            }
            float[] y = model.run(Map.of(PIXEL_VALUES, Tensor.ofFloats(flat, n, 3, s, s))).get(LOGITS).floats();
            for (int i = 0; i < n; i++) {
                out[start + i] = Arrays.copyOfRange(y, i * classes, (i + 1) * classes);
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
