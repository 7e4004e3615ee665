package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * A pre-LN Transformer encoder layer over {@code [B, T, d]}:
 * {@code x += attn(LN(x), mask); x += mlp(LN(x))}. Inputs: x and an optional key padding mask
 * {@code [B, T]} (true = padding).
 */
public final class TransformerLayer extends StaBlock {
    private final LayerNorm norm1;
    private final MultiHeadAttention attention;
    private final LayerNorm norm2;
    private final FeedForward mlp;
    private final float dropout;

    /**
     * @param dim model width
     * @param heads attention heads (divide dim)
     * @param hidden MLP inner width
     * @param dropout residual and MLP dropout while training, in [0, 1)
     */
    public TransformerLayer(long dim, int heads, long hidden, float dropout) {
        this.norm1 = addChildBlock("norm1", new LayerNorm(dim));
        this.attention = addChildBlock("attention", new MultiHeadAttention(dim, heads));
        this.norm2 = addChildBlock("norm2", new LayerNorm(dim));
        this.mlp = addChildBlock("mlp", new FeedForward(dim, hidden, dropout));
        this.dropout = dropout;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDList attnIn = new NDList(run(norm1, ps, training, x));
        attnIn.add(attnIn.get(0));
        if (inputs.size() > 1) {
            attnIn.add(inputs.get(1));
        }
        x = x.add(dropout(attention.forward(ps, attnIn, training).singletonOrThrow(), dropout, training));
        x = x.add(dropout(run(mlp, ps, training, run(norm2, ps, training, x)), dropout, training));
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String x = inputs[0];
        String mask = inputs.length > 1 ? inputs[1] : null;
        String h = norm1.toOnnx(g, name + ".norm1", x);
        x = g.add(x, attention.toOnnx(g, name + ".attention", h, h, mask));
        return g.add(x, mlp.toOnnx(g, name + ".mlp", norm2.toOnnx(g, name + ".norm2", x)));
    }
}
