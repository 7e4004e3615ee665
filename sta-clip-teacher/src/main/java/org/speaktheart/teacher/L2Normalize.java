package org.speaktheart.teacher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.Attr;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Scales each vector along the last axis to unit length: {@code y = x / sqrt(sum(x^2) + eps)}, eps
 * 1e-12 (keeps an all-zero vector finite). No parameters. A generic block written here because
 * sta-core has none yet.
 */
public final class L2Normalize extends StaBlock {
    /** Added under the square root. */
    public static final float EPSILON = 1e-12f;

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    /** The same computation on a DJL array. */
    public static NDArray apply(NDArray x) {
        return x.div(x.square().sum(new int[] {-1}, true).add(EPSILON).sqrt());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String x = inputs[0];
        String sumSq = g.node("ReduceSum", null, List.of(g.mul(x, x), g.int64s(-1)), Attr.i("keepdims", 1));
        return g.div(x, g.unary("Sqrt", g.add(sumSq, g.scalar(EPSILON))));
    }
}
