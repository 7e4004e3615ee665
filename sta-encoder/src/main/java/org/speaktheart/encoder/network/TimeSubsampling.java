package org.speaktheart.encoder.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.speaktheart.core.nn.FeedForward;
import org.speaktheart.core.nn.Linear;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Convolutional subsampling in time: {@code n} times (Conv1d kernel 3, stride 2, padding 1, then
 * exact GELU), from {@code [B, T, in]} to {@code [B, ceil(T / 2^n), width]}; with {@code n = 0} a
 * Linear projection. Inputs: frames and their padding mask {@code [B, T]} (true = padding). Padded
 * frames are zeroed before every convolution, so a clip's valid outputs do not depend on what else
 * is in the batch (see {@link FrameMasks}).
 */
public final class TimeSubsampling extends StaBlock {
    private final List<Conv1d> convs = new ArrayList<>();
    private final Linear projection;
    private final int width;

    /**
     * @param in input width
     * @param width output width
     * @param layers stride-2 convolutions (>= 0)
     */
    public TimeSubsampling(int in, int width, int layers) {
        if (layers < 0) {
            throw new IllegalArgumentException("TimeSubsampling layers must be >= 0, got " + layers);
        }
        this.width = width;
        for (int i = 0; i < layers; i++) {
            convs.add(addChildBlock("conv" + i, new Conv1d(i == 0 ? in : width, width, 3, 2, 1)));
        }
        this.projection = layers == 0 ? addChildBlock("projection", new Linear(in, width)) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        if (projection != null) {
            return new NDList(FrameMasks.zeroPadded(run(projection, ps, training, x), mask));
        }
        for (Conv1d conv : convs) {
            x = FeedForward.gelu(run(conv, ps, training, FrameMasks.zeroPadded(x, mask)));
            mask = FrameMasks.halve(mask);
        }
        return new NDList(FrameMasks.zeroPadded(x, mask));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long t = inputShapes[0].get(1);
        for (int i = 0; i < convs.size(); i++) {
            t = (t + 1) / 2;
        }
        return new Shape[] {new Shape(inputShapes[0].get(0), t, width)};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String x = inputs[0];
        String mask = inputs[1];
        if (projection != null) {
            return FrameMasks.zeroPadded(g, projection.toOnnx(g, name + ".projection", x), mask);
        }
        for (int i = 0; i < convs.size(); i++) {
            x = g.gelu(convs.get(i).toOnnx(g, name + ".conv" + i, FrameMasks.zeroPadded(g, x, mask)));
            mask = FrameMasks.halve(g, mask);
        }
        return FrameMasks.zeroPadded(g, x, mask);
    }
}
