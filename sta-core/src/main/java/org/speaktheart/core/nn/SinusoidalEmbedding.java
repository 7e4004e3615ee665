package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Fixed sinusoidal embedding of numbers (diffusion timesteps, or positions): input {@code [B]} of
 * any numeric type, output {@code [B, dim]} = {@code [sin(p * f_i), cos(p * f_i)]} with
 * {@code f_i = exp(-ln(10000) i / (dim/2 - 1))}, i = 0 .. dim/2 - 1 (the form VQ-Diffusion uses for
 * timesteps). No parameters.
 */
public final class SinusoidalEmbedding extends StaBlock {
    private final int dim;
    private final float[] frequencies;

    /** @param dim embedding width, even and at least 4 */
    public SinusoidalEmbedding(int dim) {
        if (dim < 4 || dim % 2 != 0) {
            throw new IllegalArgumentException("sinusoidal embedding width must be even and >= 4, got " + dim);
        }
        this.dim = dim;
        int half = dim / 2;
        this.frequencies = new float[half];
        double step = Math.log(10000.0) / (half - 1);
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-step * i);
        }
    }

    /** Embedding width. */
    public int dim() {
        return dim;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray p = inputs.singletonOrThrow().toType(DataType.FLOAT32, false).expandDims(1); // [B, 1]
        NDArray f = p.getManager().create(frequencies, new Shape(1, frequencies.length));   // [1, dim/2]
        NDArray angles = p.mul(f);                                                          // [B, dim/2]
        return new NDList(angles.sin().concat(angles.cos(), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String p = g.unsqueeze(g.cast(inputs[0], ElementType.FLOAT), 1);
        String angles = g.mul(p, g.initializer(name + ".frequencies", frequencies, 1, frequencies.length));
        return g.concat(1, g.unary("Sin", angles), g.unary("Cos", angles));
    }
}
