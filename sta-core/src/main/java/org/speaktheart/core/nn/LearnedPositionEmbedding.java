package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Adds a learned position vector to each step of a sequence: {@code x [B, T, d] + P[:T]} with
 * {@code P [maxLength, d]}; T may vary up to maxLength (the ONNX graph slices P by x's length).
 * A 2-D token grid uses it with maxLength = height x width in row-major order.
 */
public final class LearnedPositionEmbedding extends StaBlock {
    private final long maxLength;
    private final Parameter positions;

    /**
     * @param maxLength longest sequence
     * @param dim width
     */
    public LearnedPositionEmbedding(long maxLength, long dim) {
        if (maxLength <= 0 || dim <= 0) {
            throw new IllegalArgumentException("position table needs maxLength > 0 and dim > 0");
        }
        this.maxLength = maxLength;
        this.positions = parameter("positions", Parameter.Type.WEIGHT, new NormalInitializer(0.02f), maxLength, dim);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long t = x.getShape().get(1);
        if (t > maxLength) {
            throw new IllegalArgumentException("sequence of " + t + " steps exceeds the position table (" + maxLength + ")");
        }
        NDArray used = onManagerOf(value(ps, positions, x, training).get(new NDIndex(":{}", t)), x); // [T, d]
        return new NDList(x.add(used));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String table = export(g, name, positions);
        String used = g.sliceDynamic(table, g.int64s(0), g.dim(inputs[0], 1), 0); // [T, d]
        return g.add(inputs[0], used);
    }
}
