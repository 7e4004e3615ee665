package org.speaktheart.encoder.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.List;
import org.speaktheart.core.nn.Convolutions;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.Attr;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Convolution along time over a time-major sequence: {@code [B, T, in]} to {@code [B, T', out]}
 * with {@code T' = (T + 2 padding - kernel) / stride + 1}; zero padding. Weight
 * {@code [out, in, kernel]}, bias {@code [out]} (PyTorch's Conv1d layout). The DJL forward is
 * sta-core's {@link Convolutions#conv1d}; the export is one ONNX {@code Conv}.
 */
public final class Conv1d extends StaBlock {
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param in input channels (> 0)
     * @param out output channels (> 0)
     * @param kernel kernel length (> 0)
     * @param stride stride (> 0)
     * @param padding zero frames added at each end (>= 0)
     */
    public Conv1d(int in, int out, int kernel, int stride, int padding) {
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv1d needs positive in/out/kernel/stride and padding >= 0, got in=" + in
                    + " out=" + out + " kernel=" + kernel + " stride=" + stride + " padding=" + padding);
        }
        // Decides the implementation now, outside gradient recording (its self-check records gradients).
        Convolutions.backend();
        this.outChannels = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = parameter("weight", Parameter.Type.WEIGHT, new XavierInitializer(), out, in, kernel);
        this.bias = parameter("bias", Parameter.Type.BIAS, new ConstantInitializer(0f), out);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0).transpose(0, 2, 1); // [B, in, T]
        NDArray y = Convolutions.conv1d(x, value(ps, weight, x, training), value(ps, bias, x, training), stride,
                padding); // [B, out, T']
        return new NDList(y.transpose(0, 2, 1)); // [B, T', out]
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), (s.get(1) + 2L * padding - kernel) / stride + 1, outChannels)};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String x = g.transpose(inputs[0], 0, 2, 1); // [B, in, T]
        String y = g.node("Conv", null, List.of(x, export(g, name, weight), export(g, name, bias)),
                Attr.ints("kernel_shape", kernel), Attr.ints("strides", stride), Attr.ints("pads", padding, padding),
                Attr.ints("dilations", 1), Attr.i("group", 1)); // [B, out, T']
        return g.transpose(y, 0, 2, 1); // [B, T', out]
    }
}
