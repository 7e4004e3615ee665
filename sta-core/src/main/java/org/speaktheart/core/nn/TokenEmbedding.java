package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * A lookup table from token ids to vectors: ids {@code [B, N]} (int64) to {@code [B, N, dim]}.
 * Image tokens of VQ-Diffusion use it with vocabulary K + 1 (the last id is [MASK]).
 */
public final class TokenEmbedding extends StaBlock {
    private final long vocabulary;
    private final long dim;
    private final Parameter table;

    /**
     * @param vocabulary number of ids
     * @param dim vector width
     */
    public TokenEmbedding(long vocabulary, long dim) {
        if (vocabulary <= 0 || dim <= 0) {
            throw new IllegalArgumentException("embedding needs vocabulary > 0 and dim > 0");
        }
        this.vocabulary = vocabulary;
        this.dim = dim;
        this.table = parameter("table", Parameter.Type.WEIGHT, new NormalInitializer(0.02f), vocabulary, dim);
    }

    /** Number of ids. */
    public long vocabulary() {
        return vocabulary;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow().toType(DataType.INT64, false);
        return ai.djl.nn.core.Embedding.embedding(ids, value(ps, table, ids, training), SparseFormat.DENSE);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dim)};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        return g.gather(export(g, name, table), g.cast(inputs[0], ElementType.INT64), 0);
    }
}
