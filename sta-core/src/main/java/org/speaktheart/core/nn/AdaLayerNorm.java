package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Adaptive layer norm: a layer norm without its own affine parameters whose scale and shift come
 * from a conditioning vector, {@code LN(x) * (1 + scale) + shift} with
 * {@code [scale, shift] = Linear(SiLU(c))}. Inputs: x {@code [B, T, d]} and c {@code [B, condDim]}
 * (a timestep embedding, or a speech/text condition vector); output {@code [B, T, d]}. This is how
 * VQ-Diffusion injects the timestep and STA injects the speech embedding.
 */
public final class AdaLayerNorm extends StaBlock {
    private final long dim;
    private final LayerNorm norm;
    private final Linear modulation;

    /**
     * @param dim width of x
     * @param condDim width of the conditioning vector
     */
    public AdaLayerNorm(long dim, long condDim) {
        this.dim = dim;
        this.norm = addChildBlock("norm", new LayerNorm(dim, LayerNorm.DEFAULT_EPS, false));
        this.modulation = addChildBlock("modulation", new Linear(condDim, 2 * dim));
    }

    /** SiLU, {@code x * sigmoid(x)}. */
    public static NDArray silu(NDArray x) {
        return x.mul(ai.djl.nn.Activation.sigmoid(x));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray c = inputs.get(1);
        NDArray mod = run(modulation, ps, training, silu(c)).expandDims(1); // [B, 1, 2d]
        NDArray scale = mod.get(new NDIndex(":, :, :{}", dim));
        NDArray shift = mod.get(new NDIndex(":, :, {}:", dim));
        return new NDList(run(norm, ps, training, x).mul(scale.add(1)).add(shift));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String mod = g.unsqueeze(modulation.toOnnx(g, name + ".modulation", g.silu(inputs[1])), 1); // [B, 1, 2d]
        String scale = g.slice(mod, new long[] {0}, new long[] {dim}, new long[] {2});
        String shift = g.slice(mod, new long[] {dim}, new long[] {2 * dim}, new long[] {2});
        String normed = norm.toOnnx(g, name + ".norm", inputs[0]);
        return g.add(g.mul(normed, g.add(scale, g.scalar(1f))), shift);
    }
}
