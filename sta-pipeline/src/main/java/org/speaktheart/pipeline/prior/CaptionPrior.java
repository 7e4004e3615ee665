package org.speaktheart.pipeline.prior;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.pipeline.PipelineInputException;

/**
 * The caption prior on ONNX Runtime: maps a unit speech embedding {@code s} (length D) to
 * {@code c = normalize(sum_k softmax_k(s . t_k / tau) t_k)}, the generator's condition or the target its
 * candidates are ranked against ({@link Use}), where
 * {@code t_k} are the teacher's unit text embeddings of the K distinct training captions (the
 * "memory") and {@code tau} a temperature. The denoiser was trained on such text embeddings; a
 * held-out speaker's embedding lies further from them (mean cosine to its caption's text embedding
 * 0.46 for the default model's English test voices) than a convex combination of its nearest
 * captions does (0.68 at tau 0.02; docs/pipeline.md, where this did not raise the generated images'
 * accuracy), so the prior hands the denoiser conditions of the kind it learned. As tau grows the
 * output tends to the memory's mean; as tau falls, to the nearest caption.
 *
 * <table>
 * <caption>Caption prior ONNX contract (version 1)</caption>
 * <tr><th>name</th><th>type</th><th>shape</th><th>meaning</th></tr>
 * <tr><td>embedding</td><td>float</td><td>[batch, D]</td><td>speech embeddings (unit vectors)</td></tr>
 * <tr><td>condition (output)</td><td>float</td><td>[batch, D]</td><td>unit conditions for the generator</td></tr>
 * </table>
 *
 * <p>Metadata: {@code sta.name = sta-caption-prior}, {@code sta.version = 1}, {@link #KEY_TEMPERATURE},
 * {@link #KEY_CAPTIONS} and provenance. Thread-safe; close to free the native session.
 */
public final class CaptionPrior implements AutoCloseable {
    /** The file name of a prior in a bundle. */
    public static final String FILE_NAME = "caption-prior.onnx";
    /** Model name in the metadata. */
    public static final String MODEL_NAME = "sta-caption-prior";
    /** Contract version. */
    public static final String CONTRACT_VERSION = "1";
    /** Input name. */
    public static final String EMBEDDING = "embedding";
    /** Output name. */
    public static final String CONDITION = "condition";
    /** Metadata key of the temperature tau. */
    public static final String KEY_TEMPERATURE = "sta.prior.temperature";
    /** Metadata key of the number of captions K in the memory. */
    public static final String KEY_CAPTIONS = "sta.prior.captions";

    /**
     * What a pipeline does with its bundle's prior (bundle setting {@code captionPrior.use}).
     * {@link #CONDITION}: the prior's output is the generator's condition (and so also what candidates
     * are ranked against). {@link #RANKING}: the generator is conditioned on the speech embedding itself
     * and only the ranking of candidates looks at the prior's output, which lies nearer the caption's
     * text embedding than the speech embedding does.
     */
    public enum Use {
        CONDITION, RANKING;

        /** The lower-case name used in bundle settings and on the command line. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses {@link #id()} (case-insensitive).
         *
         * @throws PipelineInputException for any other word
         */
        public static Use parse(String id) {
            for (Use u : values()) {
                if (u.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                    return u;
                }
            }
            throw new PipelineInputException("caption prior use must be 'condition' or 'ranking', got '" + id + "'");
        }
    }

    private final OnnxModel model;
    private final int dim;
    private final double temperature;
    private final int captions;

    private CaptionPrior(OnnxModel model) {
        this.model = model;
        ModelMetadata meta;
        try {
            meta = ModelMetadata.fromProps(model.customMetadata());
        } catch (RuntimeException e) {
            throw new ModelLoadException(model.source() + " carries no STA metadata; expected a caption prior", e);
        }
        if (!MODEL_NAME.equals(meta.name()) || !CONTRACT_VERSION.equals(meta.version())) {
            throw new ModelLoadException(model.source() + " is '" + meta.name() + "' version " + meta.version()
                    + "; expected '" + MODEL_NAME + "' version " + CONTRACT_VERSION, null);
        }
        if (!model.inputs().containsKey(EMBEDDING) || !model.outputs().containsKey(CONDITION)) {
            throw new ModelLoadException(model.source() + " lacks input '" + EMBEDDING + "' or output '" + CONDITION
                    + "'; inputs " + model.inputs().keySet() + ", outputs " + model.outputs().keySet(), null);
        }
        long[] in = model.inputs().get(EMBEDDING).shape();
        this.dim = (int) in[in.length - 1];
        this.temperature = Double.parseDouble(meta.properties().getOrDefault(KEY_TEMPERATURE, "NaN"));
        this.captions = Integer.parseInt(meta.properties().getOrDefault(KEY_CAPTIONS, "0"));
    }

    /**
     * Loads a prior.
     *
     * @throws ModelLoadException when the file is missing, not ONNX, or not a caption prior
     */
    public static CaptionPrior load(Path file, RuntimeConfig runtime) {
        OnnxModel model = OnnxModel.load(file, runtime);
        try {
            return new CaptionPrior(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The records whose captions make a prior's memory: the first English record of every distinct
     * caption in the train split, in manifest order (the captions whose teacher text embeddings the
     * denoiser was trained on).
     *
     * @throws PipelineInputException when the train split has no English caption
     */
    public static List<ManifestRecord> memoryRecords(Manifest manifest) {
        Set<String> seen = new HashSet<>();
        List<ManifestRecord> out = new ArrayList<>();
        for (ManifestRecord r : manifest.split(Split.TRAIN)) {
            if ("en".equals(r.language()) && seen.add(r.caption())) {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            throw new PipelineInputException("a caption prior needs English captions in the train split of " + manifest.file());
        }
        return out;
    }

    /**
     * Writes the ONNX graph of a prior over a caption memory.
     *
     * @param memory the K unit text embeddings {@code [K][D]} (K >= 1)
     * @param temperature tau, finite and > 0
     * @param properties provenance to store (sources, options)
     * @return the serialised model
     * @throws PipelineInputException for an empty or ragged memory or a bad temperature
     */
    public static byte[] export(float[][] memory, double temperature, Map<String, String> properties) {
        if (memory.length == 0) {
            throw new PipelineInputException("a caption prior needs at least one caption embedding");
        }
        checkTemperature(temperature);
        int k = memory.length;
        int d = memory[0].length;
        float[] flat = new float[k * d];
        for (int i = 0; i < k; i++) {
            if (memory[i].length != d) {
                throw new PipelineInputException("caption embeddings of unequal width: " + d + " and " + memory[i].length);
            }
            System.arraycopy(memory[i], 0, flat, i * d, d);
        }
        OnnxGraphBuilder g = new OnnxGraphBuilder(MODEL_NAME);
        Dim batch = Dim.sym("batch");
        String s = g.input(EMBEDDING, ElementType.FLOAT, batch, Dim.of(d));
        // one stored copy of the memory; its transpose is a constant the runtime folds at load
        String memoryKd = g.initializer("prior.memory", flat, k, d);
        String scores = g.mul(g.matMul(s, g.transpose(memoryKd, 1, 0)), g.scalar((float) (1 / temperature))); // [B, K]
        String weights = g.softmax(scores, 1);
        String mixed = g.matMul(weights, memoryKd); // [B, D]
        String norm = g.unary("Sqrt", g.mul(g.reduceMean(g.mul(mixed, mixed), true, 1), g.scalar(d)));
        g.output(g.identity(g.div(mixed, norm), CONDITION), ElementType.FLOAT, batch, Dim.of(d));
        Map<String, String> props = new java.util.LinkedHashMap<>(properties);
        props.put(KEY_TEMPERATURE, Double.toString(temperature));
        props.put(KEY_CAPTIONS, Integer.toString(k));
        return g.build(new ModelMetadata(MODEL_NAME, CONTRACT_VERSION, "{\"dim\":" + d + ",\"captions\":" + k + "}", props))
                .toByteArray();
    }

    /**
     * Refuses a temperature that is not finite and positive.
     *
     * @throws PipelineInputException naming the accepted range
     */
    public static void checkTemperature(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new PipelineInputException("caption prior temperature must be finite and > 0, got " + temperature);
        }
    }

    /** Embedding width D. */
    public int dim() {
        return dim;
    }

    /** The temperature tau. */
    public double temperature() {
        return temperature;
    }

    /** Captions K in the memory. */
    public int captions() {
        return captions;
    }

    /**
     * The condition for one embedding.
     *
     * @throws PipelineInputException for an embedding of the wrong width
     */
    public float[] apply(float[] embedding) {
        if (embedding.length != dim) {
            throw new PipelineInputException("the caption prior takes " + dim + "-d embeddings, got " + embedding.length);
        }
        return model.run(Map.of(EMBEDDING, Tensor.ofFloats(embedding, 1, dim))).get(CONDITION).floats();
    }

    @Override
    public void close() {
        model.close();
    }
}
