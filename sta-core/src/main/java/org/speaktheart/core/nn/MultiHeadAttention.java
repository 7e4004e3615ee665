package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Multi-head scaled dot-product attention. Inputs: query {@code [B, T, d]}, keys/values
 * {@code [B, S, kvDim]} (the query itself for self-attention, a condition sequence for
 * cross-attention) and an optional key padding mask {@code [B, S]} (boolean, true = padding, never
 * attended). Output {@code [B, T, d]}.
 *
 * <p>Padded keys get {@value #MASK_VALUE} added to their scores before the softmax, in both the
 * DJL and the ONNX version, so the two agree exactly and a padded key's weight underflows to zero.
 */
public final class MultiHeadAttention extends StaBlock {
    /** Score offset for padded keys. */
    public static final float MASK_VALUE = -1e9f;

    private final long dim;
    private final int heads;
    private final long headDim;
    private final Linear query;
    private final Linear key;
    private final Linear valueProj;
    private final Linear output;

    /** Self-attention: keys and values have the query's width. */
    public MultiHeadAttention(long dim, int heads) {
        this(dim, heads, dim);
    }

    /**
     * Attention whose keys and values come from a sequence of width {@code kvDim}.
     *
     * @param dim model width, divisible by {@code heads}
     * @param heads number of heads
     * @param kvDim width of the key/value sequence
     */
    public MultiHeadAttention(long dim, int heads, long kvDim) {
        if (heads <= 0 || dim <= 0 || dim % heads != 0) {
            throw new IllegalArgumentException("attention width " + dim + " must be a positive multiple of heads " + heads);
        }
        this.dim = dim;
        this.heads = heads;
        this.headDim = dim / heads;
        this.query = addChildBlock("query", new Linear(dim, dim));
        this.key = addChildBlock("key", new Linear(kvDim, dim));
        this.valueProj = addChildBlock("value", new Linear(kvDim, dim));
        this.output = addChildBlock("output", new Linear(dim, dim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray kv = inputs.size() > 1 ? inputs.get(1) : x;
        NDArray mask = inputs.size() > 2 ? inputs.get(2) : null;
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long s = kv.getShape().get(1);
        NDArray q = run(query, ps, training, x).reshape(b, t, heads, headDim).transpose(0, 2, 1, 3); // [B, H, T, Dh]
        NDArray k = run(key, ps, training, kv).reshape(b, s, heads, headDim).transpose(0, 2, 3, 1);  // [B, H, Dh, S]
        NDArray v = run(valueProj, ps, training, kv).reshape(b, s, heads, headDim).transpose(0, 2, 1, 3); // [B, H, S, Dh]
        NDArray scores = q.matMul(k).mul(1.0 / Math.sqrt(headDim)); // [B, H, T, S]
        if (mask != null) {
            NDArray offset = mask.toType(DataType.FLOAT32, false).mul(MASK_VALUE).reshape(b, 1, 1, s);
            scores = scores.add(offset);
        }
        NDArray attended = scores.softmax(-1).matMul(v)  // [B, H, T, Dh]
                .transpose(0, 2, 1, 3).reshape(b, t, dim);  // [B, T, d]
        return new NDList(run(output, ps, training, attended));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String x = inputs[0];
        String kv = inputs.length > 1 && inputs[1] != null ? inputs[1] : x;
        String mask = inputs.length > 2 ? inputs[2] : null;
        String q = g.transpose(g.reshape(query.toOnnx(g, name + ".query", x), 0, 0, heads, headDim), 0, 2, 1, 3);
        String k = g.transpose(g.reshape(key.toOnnx(g, name + ".key", kv), 0, 0, heads, headDim), 0, 2, 3, 1);
        String v = g.transpose(g.reshape(valueProj.toOnnx(g, name + ".value", kv), 0, 0, heads, headDim), 0, 2, 1, 3);
        String scores = g.mul(g.matMul(q, k), g.scalar((float) (1.0 / Math.sqrt(headDim)))); // [B, H, T, S]
        if (mask != null) {
            String offset = g.mul(g.cast(mask, ElementType.FLOAT), g.scalar(MASK_VALUE)); // [B, S]
            scores = g.add(scores, g.unsqueeze(offset, 1, 2));                            // [B, 1, 1, S]
        }
        String attended = g.reshape(g.transpose(g.matMul(g.softmax(scores, -1), v), 0, 2, 1, 3), 0, 0, dim);
        return output.toOnnx(g, name + ".output", attended);
    }
}
