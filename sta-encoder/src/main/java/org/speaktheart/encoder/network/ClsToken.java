package org.speaktheart.encoder.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.List;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Prepends a learnable [CLS] vector to a sequence: {@code [B, T, d]} to {@code [B, 1 + T, d]}.
 * {@link #prependMask} gives the matching padding mask (the [CLS] position is never padding).
 */
public final class ClsToken extends StaBlock {
    private final long dim;
    private final Parameter token;

    /** A [CLS] token of width {@code dim} (> 0), initialised N(0, 0.02). */
    public ClsToken(long dim) {
        if (dim <= 0) {
            throw new IllegalArgumentException("ClsToken needs dim > 0, got " + dim);
        }
        this.dim = dim;
        this.token = parameter("token", Parameter.Type.WEIGHT, new NormalInitializer(0.02f), dim);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        long b = x.getShape().get(0);
        NDArray cls = onManagerOf(value(ps, token, x, training).reshape(1, 1, dim), x).broadcast(b, 1, dim); // [B, 1, d]
        return new NDList(NDArrays.concat(new NDList(cls, x), 1)); // [B, 1 + T, d]
    }

    /** {@code [B, T]} mask to {@code [B, 1 + T]} with a leading false. */
    public static NDArray prependMask(NDArray mask) {
        NDArray first = mask.getManager().zeros(new Shape(mask.getShape().get(0), 1), mask.getDataType());
        return NDArrays.concat(new NDList(first, mask), 1);
    }

    /** ONNX form of {@link #prependMask(NDArray)}. */
    public static String prependMask(OnnxGraphBuilder g, String mask) {
        String first = g.slice(mask, new long[] {0}, new long[] {1}, new long[] {1});   // [B, 1]
        String never = g.node("And", null, List.of(first, g.node("Not", null, List.of(first)))); // [B, 1] false
        return g.concat(1, never, mask);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1) + 1, s.get(2))};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String x = inputs[0];
        String cls = g.reshape(export(g, name, token), 1, 1, dim);                           // [1, 1, d]
        String batchShape = g.concat(0, g.dim(x, 0), g.int64s(1, dim));                      // [B, 1, d]
        String expanded = g.node("Expand", null, List.of(cls, batchShape));
        return g.concat(1, expanded, x);                                                     // [B, 1 + T, d]
    }
}
