package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Layer normalisation over the last axis ({@code [..., d]}), with a learned scale and shift, or
 * without them ({@code affine = false}, as inside {@link AdaLayerNorm}).
 */
public final class LayerNorm extends StaBlock {
    /** Default epsilon added to the variance. */
    public static final float DEFAULT_EPS = 1e-5f;

    private final long dim;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;

    /** An affine layer norm with the default epsilon. */
    public LayerNorm(long dim) {
        this(dim, DEFAULT_EPS, true);
    }

    /**
     * A layer norm.
     *
     * @param dim size of the normalised last axis
     * @param eps variance epsilon (> 0)
     * @param affine whether to learn scale and shift
     */
    public LayerNorm(long dim, float eps, boolean affine) {
        if (dim <= 0 || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm needs dim > 0 and eps > 0, got dim=" + dim + " eps=" + eps);
        }
        this.dim = dim;
        this.eps = eps;
        this.gamma = affine ? parameter("gamma", Parameter.Type.GAMMA, new ConstantInitializer(1f), dim) : null;
        this.beta = affine ? parameter("beta", Parameter.Type.BETA, new ConstantInitializer(0f), dim) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray g = gamma == null ? x.getManager().ones(new Shape(dim), x.getDataType()) : value(ps, gamma, x, training);
        NDArray b = beta == null ? x.getManager().zeros(new Shape(dim), x.getDataType()) : value(ps, beta, x, training);
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(dim), g, b, eps);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String scale = gamma == null ? g.initializer(name + ".ones", ones((int) dim), dim) : export(g, name, gamma);
        String shift = beta == null ? g.initializer(name + ".zeros", new float[(int) dim], dim) : export(g, name, beta);
        return g.layerNorm(inputs[0], scale, shift, eps);
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
