package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * The residual block of VQ-VAE/VQGAN encoders and decoders over NCHW images:
 * {@code h = conv3(SiLU(GN(conv3(SiLU(GN(x)))))); y = skip(x) + h}, where skip is the identity or
 * a 1x1 convolution when the channel count changes. Spatial size is kept.
 */
public final class ResidualConvBlock extends StaBlock {
    private final int outChannels;
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d skip;

    /**
     * @param in input channels
     * @param out output channels
     * @param groups GroupNorm groups (divides both in and out)
     */
    public ResidualConvBlock(int in, int out, int groups) {
        this.outChannels = out;
        this.norm1 = addChildBlock("norm1", new GroupNorm(groups, in));
        this.conv1 = addChildBlock("conv1", new Conv2d(in, out, 3));
        this.norm2 = addChildBlock("norm2", new GroupNorm(groups, out));
        this.conv2 = addChildBlock("conv2", new Conv2d(out, out, 3));
        this.skip = in == out ? null : addChildBlock("skip", new Conv2d(in, out, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray h = run(conv1, ps, training, AdaLayerNorm.silu(run(norm1, ps, training, x)));
        h = run(conv2, ps, training, AdaLayerNorm.silu(run(norm2, ps, training, h)));
        NDArray residual = skip == null ? x : run(skip, ps, training, x);
        return new NDList(residual.add(h));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, s.get(2), s.get(3))};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String x = inputs[0];
        String h = conv1.toOnnx(g, name + ".conv1", g.silu(norm1.toOnnx(g, name + ".norm1", x)));
        h = conv2.toOnnx(g, name + ".conv2", g.silu(norm2.toOnnx(g, name + ".norm2", h)));
        String residual = skip == null ? x : skip.toOnnx(g, name + ".skip", x);
        return g.add(residual, h);
    }
}
