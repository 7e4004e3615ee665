package org.speaktheart.diffusion.network;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Path;
import java.util.List;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Writes a trained {@link DenoiserNetwork} as an ONNX model with the denoiser contract that
 * {@link DenoiserModel} loads:
 *
 * <table>
 * <caption>Denoiser ONNX contract</caption>
 * <tr><th>name</th><th>type</th><th>shape</th><th>meaning</th></tr>
 * <tr><td>tokens</td><td>int64</td><td>[batch, N]</td><td>x_t, ids 0..K (K = [MASK])</td></tr>
 * <tr><td>timesteps</td><td>int64</td><td>[batch]</td><td>t, 0..T-1</td></tr>
 * <tr><td>condition</td><td>float</td><td>[batch, C]</td><td>pooled condition vector</td></tr>
 * <tr><td>null_condition</td><td>bool</td><td>[batch]</td><td>true: use the learned null condition</td></tr>
 * <tr><td>condition_sequence</td><td>float</td><td>[batch, seq, Cs]</td><td>only with cross-attention</td></tr>
 * <tr><td>condition_sequence_mask</td><td>bool</td><td>[batch, seq]</td><td>only with cross-attention; true = padding</td></tr>
 * <tr><td>log_probs (output)</td><td>float</td><td>[batch, N, K]</td><td>log p(x0 | x_t), log-softmax over K</td></tr>
 * </table>
 *
 * <p>The configuration JSON is stored in the model metadata under {@link ModelMetadata#KEY_CONFIG}.
 */
public final class DenoiserExport {
    /** Model name written into the metadata. */
    public static final String MODEL_NAME = "sta-denoiser";
    /** Version of the denoiser ONNX contract. */
    public static final String CONTRACT_VERSION = "1";
    /** Input and output names. */
    public static final String TOKENS = "tokens";
    /** Timesteps input. */
    public static final String TIMESTEPS = "timesteps";
    /** Condition input. */
    public static final String CONDITION = "condition";
    /** Null-condition flags input. */
    public static final String NULL_CONDITION = "null_condition";
    /** Condition sequence input (cross-attention only). */
    public static final String CONDITION_SEQUENCE = "condition_sequence";
    /** Condition sequence padding mask input (cross-attention only). */
    public static final String CONDITION_SEQUENCE_MASK = "condition_sequence_mask";
    /** Output. */
    public static final String LOG_PROBS = "log_probs";

    private DenoiserExport() {
    }

    /**
     * Builds the ONNX model of an initialised network.
     *
     * @param provenance extra metadata (dataset, condition source, training figures); may be empty
     */
    public static OnnxMl.ModelProto build(DenoiserNetwork network, java.util.Map<String, String> provenance) {
        ModelMetadata meta = new ModelMetadata(MODEL_NAME, CONTRACT_VERSION, network.config().toJson(), provenance);
        return graph(network).build(meta);
    }

    /**
     * The graph of {@link #build} before its metadata is written: it also tells which initializer each
     * of the network's parameters became ({@link OnnxGraphBuilder#initializerOf}), which is how
     * {@link DenoiserWeights} reads an exported denoiser's weights back.
     */
    public static OnnxGraphBuilder graph(DenoiserNetwork network) {
        DenoiserConfig c = network.config();
        OnnxGraphBuilder g = new OnnxGraphBuilder(MODEL_NAME);
        Dim batch = Dim.sym("batch");
        String tokens = g.input(TOKENS, ElementType.INT64, batch, Dim.of(c.tokens()));
        String t = g.input(TIMESTEPS, ElementType.INT64, batch);
        String cond = g.input(CONDITION, ElementType.FLOAT, batch, Dim.of(c.conditionDim()));
        String useNull = g.input(NULL_CONDITION, ElementType.BOOL, batch);
        List<String> in = new java.util.ArrayList<>(List.of(tokens, t, cond, useNull));
        if (c.crossAttention()) {
            in.add(g.input(CONDITION_SEQUENCE, ElementType.FLOAT, batch, Dim.sym("seq"), Dim.of(c.conditionSequenceDim())));
            in.add(g.input(CONDITION_SEQUENCE_MASK, ElementType.BOOL, batch, Dim.sym("seq")));
        }
        String logits = network.toOnnx(g, "denoiser", in.toArray(String[]::new));
        String logProbs = g.identity(g.node("LogSoftmax", null, List.of(logits), org.speaktheart.core.onnx.Attr.i("axis", -1)),
                LOG_PROBS);
        g.output(logProbs, ElementType.FLOAT, batch, Dim.of(c.tokens()), Dim.of(c.codebookSize()));
        return g;
    }

    /** Builds the model and writes it atomically. */
    public static void write(DenoiserNetwork network, java.util.Map<String, String> provenance, Path file) {
        OnnxMl.ModelProto model = build(network, provenance);
        org.speaktheart.core.io.AtomicFiles.write(file, model::writeTo);
    }
}
