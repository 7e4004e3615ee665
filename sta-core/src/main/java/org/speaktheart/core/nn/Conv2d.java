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
 * 2-D convolution over NCHW images, square kernel, weight {@code [out, in, k, k]}, bias {@code [out]}.
 * Output size per side: {@code (size + 2 padding - k) / stride + 1}. The DJL forward is
 * {@link Convolutions#conv2d}; the export is one ONNX {@code Conv}.
 */
public final class Conv2d extends StaBlock {
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    /** A stride-1 convolution with "same" padding for odd kernels. */
    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, 1, kernel / 2);
    }

    /**
     * @param in input channels
     * @param out output channels
     * @param kernel kernel side
     * @param stride stride (>= 1)
     * @param padding zero padding on each side (>= 0)
     */
    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv2d needs positive in/out/kernel/stride and padding >= 0, got in=" + in
                    + " out=" + out + " kernel=" + kernel + " stride=" + stride + " padding=" + padding);
        }
        // Decides the implementation now, outside gradient recording (its self-check records gradients).
        Convolutions.backend();
        this.outChannels = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = parameter("weight", Parameter.Type.WEIGHT, new XavierInitializer(), out, in, kernel, kernel);
        this.bias = parameter("bias", Parameter.Type.BIAS, new ConstantInitializer(0f), out);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(Convolutions.conv2d(x, value(ps, weight, x, training), value(ps, bias, x, training), stride, padding));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, side(s.get(2)), side(s.get(3)))};
    }

    private long side(long size) {
        return (size + 2L * padding - kernel) / stride + 1;
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        return g.conv2d(inputs[0], export(g, name, weight), export(g, name, bias), stride, padding, 1);
    }
}
