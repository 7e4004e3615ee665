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
 * Group normalisation over NCHW images: channels split into groups, each group normalised over its
 * channels and pixels, then a per-channel scale and shift. Written from elementary operators in
 * ONNX because GroupNormalization's semantics changed between opsets 18 and 21.
 */
public final class GroupNorm extends StaBlock {
    private final int groups;
    private final int channels;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;

    /**
     * @param groups number of groups (divides channels)
     * @param channels channels
     */
    public GroupNorm(int groups, int channels) {
        if (groups <= 0 || channels <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm needs channels (" + channels + ") divisible by groups (" + groups + ")");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = 1e-5f;
        this.gamma = parameter("gamma", Parameter.Type.GAMMA, new ConstantInitializer(1f), channels);
        this.beta = parameter("beta", Parameter.Type.BETA, new ConstantInitializer(0f), channels);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        NDArray grouped = x.reshape(shape.get(0), groups, -1);              // [B, G, C/G * H * W]
        NDArray centred = grouped.sub(grouped.mean(new int[] {2}, true));
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray normed = centred.div(variance.add(eps).sqrt()).reshape(shape); // [B, C, H, W]
        NDArray g = onManagerOf(value(ps, gamma, x, training).reshape(1, channels, 1, 1), x);
        NDArray b = onManagerOf(value(ps, beta, x, training).reshape(1, channels, 1, 1), x);
        return new NDList(normed.mul(g).add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String x = inputs[0];
        String grouped = g.reshape(x, 0, groups, -1);
        String centred = g.sub(grouped, g.reduceMean(grouped, true, 2));
        String variance = g.reduceMean(g.mul(centred, centred), true, 2);
        String normed = g.reshapeTo(g.div(centred, g.unary("Sqrt", g.add(variance, g.scalar(eps)))), g.shape(x));
        String scale = g.reshape(export(g, name, gamma), 1, channels, 1, 1);
        String shift = g.reshape(export(g, name, beta), 1, channels, 1, 1);
        return g.add(g.mul(normed, scale), shift);
    }
}
