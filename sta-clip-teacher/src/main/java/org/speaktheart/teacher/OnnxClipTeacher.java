package org.speaktheart.teacher;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.runtime.InputSpec;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.Tensor;

/**
 * A CLIP-style teacher exported to ONNX as two graphs, run on ONNX Runtime.
 *
 * <p>Contract (names are the defaults of {@link ClipTeacherConfig}, each configurable):
 * <table>
 * <caption>External CLIP ONNX contract</caption>
 * <tr><th>graph</th><th>name</th><th>type</th><th>shape</th><th>meaning</th></tr>
 * <tr><td>text</td><td>input_ids</td><td>int64</td><td>[batch, L]</td><td>token ids from the tokenizer.json
 *   (its post-processor adds the start/end tokens), truncated to and right-padded up to L = contextLength with padTokenId</td></tr>
 * <tr><td>text</td><td>attention_mask (optional)</td><td>int64</td><td>[batch, L]</td><td>1 on real tokens, 0 on padding;
 *   fed only when the graph declares it</td></tr>
 * <tr><td>text</td><td>text_embeds (output)</td><td>float</td><td>[batch, D]</td><td>the projected text embedding
 *   (after CLIP's text_projection; not the token states)</td></tr>
 * <tr><td>vision</td><td>pixel_values</td><td>float</td><td>[batch, 3, S, S]</td><td>RGB after {@link ImagePreprocessing}
 *   (resize shorter side, centre crop S, (x/255 - mean)/std)</td></tr>
 * <tr><td>vision</td><td>image_embeds (output)</td><td>float</td><td>[batch, D]</td><td>the projected image embedding
 *   (after visual_projection)</td></tr>
 * </table>
 * Other graph inputs are refused at load. Both outputs must have the same D; the teacher
 * L2-normalises them (so exports with or without normalisation both work). A fixed L in the text
 * graph must equal contextLength, a fixed S must equal the preprocessing crop.
 *
 * <p>Thread-safe. Version: {@code clip-<16 hex of SHA-256 over text graph, vision graph, tokenizer>}.
 */
public final class OnnxClipTeacher implements ImageTextTeacher {
    /** Teacher kind. */
    public static final String NAME = "onnx-clip";
    /** Default token input name. */
    public static final String INPUT_IDS = "input_ids";
    /** Default mask input name. */
    public static final String ATTENTION_MASK = "attention_mask";
    /** Default text output name. */
    public static final String TEXT_EMBEDS = "text_embeds";
    /** Default image input name. */
    public static final String PIXEL_VALUES = "pixel_values";
    /** Default image output name. */
    public static final String IMAGE_EMBEDS = "image_embeds";

    private final ClipTeacherConfig config;
    private final OnnxModel text;
    private final OnnxModel vision;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean feedMask;
    private final int dimension;
    private final String version;

    private OnnxClipTeacher(ClipTeacherConfig config, OnnxModel text, OnnxModel vision, HuggingFaceTokenizer tokenizer) {
        this.config = config;
        this.text = text;
        this.vision = vision;
        this.tokenizer = tokenizer;
        this.feedMask = text.inputs().containsKey(config.attentionMaskName());
        this.dimension = checkContract();
        this.version = "clip-" + Embeddings.sha256((Embeddings.sha256(config.textModel()) + Embeddings.sha256(config.visionModel())
                + Embeddings.sha256(config.tokenizer())).getBytes(java.nio.charset.StandardCharsets.US_ASCII)).substring(0, 16);
    }

    /**
     * Loads both graphs and the tokenizer and checks them against the contract.
     *
     * @throws TeacherLoadException when a file is missing or a graph does not fit (the message names the input or output)
     */
    public static OnnxClipTeacher load(ClipTeacherConfig config) {
        OnnxModel text = null;
        OnnxModel vision = null;
        HuggingFaceTokenizer tokenizer = null;
        try {
            text = OnnxModel.load(config.textModel(), config.runtime());
            vision = OnnxModel.load(config.visionModel(), config.runtime());
            tokenizer = HuggingFaceTokenizer.newInstance(config.tokenizer(), Map.of("padding", "false", "truncation", "true",
                    "maxLength", Integer.toString(config.contextLength())));
            return new OnnxClipTeacher(config, text, vision, tokenizer);
        } catch (IOException | RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            if (vision != null) {
                vision.close();
            }
            if (text != null) {
                text.close();
            }
            if (e instanceof TeacherException te) {
                throw te;
            }
            throw new TeacherLoadException("cannot load CLIP teacher: " + e.getMessage(), e);
        }
    }

    private int checkContract() {
        Map<String, InputSpec> tin = text.inputs();
        InputSpec ids = tin.get(config.inputIdsName());
        if (ids == null || ids.type() != ElementType.INT64 || ids.shape().length != 2) {
            throw new TeacherLoadException("text graph " + config.textModel() + " needs input '" + config.inputIdsName()
                    + "' int64 [batch, L]; its inputs: " + tin.values());
        }
        for (String name : tin.keySet()) {
            if (!name.equals(config.inputIdsName()) && !name.equals(config.attentionMaskName())) {
                throw new TeacherLoadException("text graph " + config.textModel() + " has input '" + name + "'; accepted: '"
                        + config.inputIdsName() + "' and optionally '" + config.attentionMaskName() + "'");
            }
        }
        long l = ids.shape()[1];
        if (l > 0 && l != config.contextLength()) {
            throw new TeacherLoadException("text graph " + config.textModel() + " takes " + l + " tokens but contextLength is "
                    + config.contextLength());
        }
        Map<String, InputSpec> vin = vision.inputs();
        InputSpec px = vin.get(config.pixelValuesName());
        if (px == null || px.type() != ElementType.FLOAT || px.shape().length != 4 || vin.size() != 1) {
            throw new TeacherLoadException("vision graph " + config.visionModel() + " needs exactly one input '"
                    + config.pixelValuesName() + "' float [batch, 3, S, S]; its inputs: " + vin.values());
        }
        long[] s = px.shape();
        int crop = config.preprocessing().cropSize();
        if ((s[1] > 0 && s[1] != 3) || (s[2] > 0 && s[2] != crop) || (s[3] > 0 && s[3] != crop)) {
            throw new TeacherLoadException("vision graph " + config.visionModel() + " takes " + px.describeShape()
                    + " but the preprocessing gives [batch, 3, " + crop + ", " + crop + "]");
        }
        long dt = lastDim(text, config.textOutputName(), config.textModel().toString());
        long dv = lastDim(vision, config.imageOutputName(), config.visionModel().toString());
        if (dt > 0 && dv > 0 && dt != dv) {
            throw new TeacherLoadException("text embeddings have " + dt + " dimensions but image embeddings " + dv);
        }
        if (dt <= 0 && dv <= 0) {
            throw new TeacherLoadException("neither output declares a fixed embedding dimension");
        }
        return (int) Math.max(dt, dv);
    }

    private static long lastDim(OnnxModel m, String output, String file) {
        InputSpec o = m.outputs().get(output);
        if (o == null || o.shape().length != 2) {
            throw new TeacherLoadException(file + " needs output '" + output + "' float [batch, D]; its outputs: "
                    + m.outputs().values());
        }
        return o.shape()[1];
    }

    /** The configuration. */
    public ClipTeacherConfig config() {
        return config;
    }

    /** Token ids of one text as fed to the text graph (before padding). */
    public long[] tokenIds(String t) {
        if (t == null) {
            throw new TeacherInputException("text is null; any string is accepted");
        }
        synchronized (tokenizer) { // one native encode at a time
            return tokenizer.encode(t).getIds();
        }
    }

    @Override
    public float[][] embedTexts(List<String> texts) {
        float[][] out = new float[texts.size()][];
        int l = config.contextLength();
        for (int start = 0; start < texts.size(); start += config.batchSize()) {
            int n = Math.min(config.batchSize(), texts.size() - start);
            long[] ids = new long[n * l];
            long[] mask = new long[n * l];
            java.util.Arrays.fill(ids, config.padTokenId());
            for (int i = 0; i < n; i++) {
                long[] t = tokenIds(texts.get(start + i));
                int len = Math.min(t.length, l);
                System.arraycopy(t, 0, ids, i * l, len);
                java.util.Arrays.fill(mask, i * l, i * l + len, 1L);
            }
            Map<String, Tensor> feeds = feedMask
                    ? Map.of(config.inputIdsName(), Tensor.ofLongs(ids, n, l), config.attentionMaskName(), Tensor.ofLongs(mask, n, l))
                    : Map.of(config.inputIdsName(), Tensor.ofLongs(ids, n, l));
            float[] e = text.run(feeds, List.of(config.textOutputName())).get(config.textOutputName()).floats();
            System.arraycopy(Embeddings.normalizedRows(e, n, dimension), 0, out, start, n);
        }
        return out;
    }

    @Override
    public float[][] embedImages(List<BufferedImage> images) {
        float[][] out = new float[images.size()][];
        int s = config.preprocessing().cropSize();
        for (int start = 0; start < images.size(); start += config.batchSize()) {
            List<BufferedImage> chunk = images.subList(start, Math.min(images.size(), start + config.batchSize()));
            float[] px = config.preprocessing().applyBatch(chunk);
            float[] e = vision.run(Map.of(config.pixelValuesName(), Tensor.ofFloats(px, chunk.size(), 3, s, s)),
                    List.of(config.imageOutputName())).get(config.imageOutputName()).floats();
            System.arraycopy(Embeddings.normalizedRows(e, chunk.size(), dimension), 0, out, start, chunk.size());
        }
        return out;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void close() {
        try {
            tokenizer.close();
        } finally {
            try {
                vision.close();
            } finally {
                text.close();
            }
        }
    }
}
