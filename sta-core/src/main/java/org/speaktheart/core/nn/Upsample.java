package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/** Doubles height and width of NCHW images: nearest-neighbour repeat, then a 3x3 convolution. */
public final class Upsample extends StaBlock {
    private final Conv2d conv;

    /** @param channels input and output channels */
    public Upsample(int channels) {
        this.conv = addChildBlock("conv", new Conv2d(channels, channels, 3));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray up = x.repeat(2, 2).repeat(3, 2); // [B, C, 2H, 2W], each pixel repeated
        return conv.forward(ps, new NDList(up), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3))};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        return conv.toOnnx(g, name + ".conv", g.upsampleNearest(inputs[0], 2));
    }
}
