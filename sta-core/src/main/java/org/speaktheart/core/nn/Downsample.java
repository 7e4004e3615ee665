package org.speaktheart.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/** Halves height and width of NCHW images with a learned 3x3 convolution of stride 2 (padding 1). */
public final class Downsample extends StaBlock {
    private final Conv2d conv;

    /** @param channels input and output channels */
    public Downsample(int channels) {
        this.conv = addChildBlock("conv", new Conv2d(channels, channels, 3, 2, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return conv.forward(ps, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        return conv.toOnnx(g, name + ".conv", inputs[0]);
    }
}
