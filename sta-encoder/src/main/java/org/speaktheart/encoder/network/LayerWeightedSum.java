package org.speaktheart.encoder.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Learned weighted sum of the hidden states of all layers of a self-supervised speech model (as
 * SUPERB and the original STA encoder do): {@code [B, L, T, H]} to {@code [B, T, H]} with weights
 * {@code softmax(w)}, {@code w [L]} initialised to zeros (equal weights).
 */
public final class LayerWeightedSum extends StaBlock {
    private final int layers;
    private final Parameter weights;

    /** A weighted sum over {@code layers} (> 0) hidden states. */
    public LayerWeightedSum(int layers) {
        if (layers <= 0) {
            throw new IllegalArgumentException("LayerWeightedSum needs layers > 0, got " + layers);
        }
        this.layers = layers;
        this.weights = parameter("weights", Parameter.Type.WEIGHT, new ConstantInitializer(0f), layers);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.get(0);
        NDArray w = onManagerOf(value(ps, weights, h, training).softmax(0), h).reshape(1, layers, 1, 1); // [1, L, 1, 1]
        return new NDList(h.mul(w).sum(new int[] {1})); // [B, T, H]
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(2), s.get(3))};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String w = g.reshape(g.softmax(export(g, name, weights), 0), 1, layers, 1, 1); // [1, L, 1, 1]
        return g.node("ReduceSum", null, java.util.List.of(g.mul(inputs[0], w), g.int64s(1)),
                org.speaktheart.core.onnx.Attr.i("keepdims", 0)); // [B, T, H]
    }
}
