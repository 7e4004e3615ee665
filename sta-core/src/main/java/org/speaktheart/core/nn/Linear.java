package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Affine map over the last axis: {@code y = x W + b}, x {@code [..., in]} to y {@code [..., out]}.
 * The weight is stored as {@code [in, out]} so the ONNX export is a plain MatMul with no transpose.
 */
public final class Linear extends StaBlock {
    private final long in;
    private final long out;
    private final Parameter weight;
    private final Parameter bias;

    /** A linear map with bias. */
    public Linear(long in, long out) {
        this(in, out, true);
    }

    /**
     * A linear map.
     *
     * @param in input features (> 0)
     * @param out output features (> 0)
     * @param withBias whether to add a bias
     */
    public Linear(long in, long out, boolean withBias) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear needs in > 0 and out > 0, got in=" + in + " out=" + out);
        }
        this.in = in;
        this.out = out;
        this.weight = parameter("weight", Parameter.Type.WEIGHT, new XavierInitializer(), in, out);
        this.bias = withBias ? parameter("bias", Parameter.Type.BIAS, new ConstantInitializer(0f), out) : null;
    }

    /** Input features. */
    public long inFeatures() {
        return in;
    }

    /** Output features. */
    public long outFeatures() {
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = x.matMul(value(ps, weight, x, training));
        if (bias != null) {
            y = y.add(value(ps, bias, x, training));
        }
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return lastAxis(inputShapes, out);
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String y = g.matMul(inputs[0], export(g, name, weight));
        return bias == null ? y : g.add(y, export(g, name, bias));
    }
}
