package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * The Transformer MLP: {@code Linear(d, hidden) -> GELU -> dropout -> Linear(hidden, d)} over
 * {@code [..., d]}. GELU is the exact erf form in both engines.
 */
public final class FeedForward extends StaBlock {
    private final Linear up;
    private final Linear down;
    private final float dropout;

    /**
     * @param dim model width
     * @param hidden inner width (commonly 4 x dim)
     * @param dropout dropout after the activation while training, in [0, 1)
     */
    public FeedForward(long dim, long hidden, float dropout) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        this.up = addChildBlock("up", new Linear(dim, hidden));
        this.down = addChildBlock("down", new Linear(hidden, dim));
        this.dropout = dropout;
    }

    /** Exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))}. */
    public static NDArray gelu(NDArray x) {
        return x.mul(0.5).mul(x.mul(1.0 / Math.sqrt(2.0)).erf().add(1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = gelu(run(up, ps, training, inputs.singletonOrThrow()));
        h = dropout(h, dropout, training);
        return new NDList(run(down, ps, training, h));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        return down.toOnnx(g, name + ".down", g.gelu(up.toOnnx(g, name + ".up", inputs[0])));
    }
}
