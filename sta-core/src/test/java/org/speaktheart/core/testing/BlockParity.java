package org.speaktheart.core.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Random;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;

/**
 * Runs one {@link StaBlock} twice on the same weights and inputs, as a DJL forward pass (PyTorch
 * engine) and as its exported ONNX graph in ONNX Runtime, and reports the largest difference.
 * Weights are re-drawn from a seeded Gaussian so that biases and norm scales are not at their
 * trivial initial values, which could hide an export mistake.
 */
public final class BlockParity {

    /** What the two runs produced. */
    public record Result(float[] djl, float[] onnx, long[] shape) {
        /** Largest absolute difference. */
        public double maxAbsDiff() {
            return Tolerance.maxAbsDiff(djl, onnx);
        }
    }

    private BlockParity() {
    }

    /** Random Gaussian floats, seeded. */
    public static float[] gaussian(long seed, int n, double scale) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    /** Randomises every parameter of an initialised block (Gaussian, scale 0.5; norm scales around 1). */
    public static void randomizeParameters(StaBlock block, long seed) {
        long s = seed;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] values = gaussian(s++, (int) a.size(), 0.5);
            if (p.getValue().getType() == Parameter.Type.GAMMA) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = 1f + values[i] * 0.5f;
                }
            }
            a.set(values);
        }
    }

    /** Creates a DJL array holding a tensor's data. */
    public static NDArray toNDArray(NDManager m, Tensor t) {
        Shape shape = new Shape(t.shape());
        return switch (t.type()) {
            case FLOAT -> m.create(t.floats(), shape);
            case INT64 -> m.create(t.longs(), shape);
            case INT32 -> m.create(t.ints(), shape);
            case BOOL -> m.create(t.bools(), shape);
            case UINT8 -> m.create(t.uint8(), shape).toType(DataType.UINT8, false);
        };
    }

    /**
     * Initialises the block for the given inputs, randomises its weights, and runs both engines.
     *
     * @param inputs the forward inputs, in the block's order
     */
    public static Result run(StaBlock block, long seed, Tensor... inputs) {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Shape[] shapes = new Shape[inputs.length];
            NDList list = new NDList();
            for (int i = 0; i < inputs.length; i++) {
                shapes[i] = new Shape(inputs[i].shape());
                list.add(toNDArray(m, inputs[i]));
            }
            block.initialize(m, DataType.FLOAT32, shapes);
            randomizeParameters(block, seed);
            NDArray djlOut = block.forward(new ParameterStore(m, false), list, false).singletonOrThrow();

            OnnxGraphBuilder g = new OnnxGraphBuilder("parity");
            String[] names = new String[inputs.length];
            java.util.Map<String, Tensor> feeds = new java.util.LinkedHashMap<>();
            for (int i = 0; i < inputs.length; i++) {
                long[] s = inputs[i].shape();
                Dim[] dims = new Dim[s.length];
                for (int d = 0; d < s.length; d++) {
                    dims[d] = d == 0 ? Dim.sym("batch") : Dim.of(s[d]);
                }
                names[i] = g.input("in" + i, inputs[i].type(), dims);
                feeds.put(names[i], inputs[i]);
            }
            String out = g.identity(block.toOnnx(g, "block", names), "out");
            long[] outShape = djlOut.getShape().getShape();
            Dim[] outDims = new Dim[outShape.length];
            for (int d = 0; d < outShape.length; d++) {
                outDims[d] = Dim.of(outShape[d]);
            }
            g.output(out, ElementType.FLOAT, outDims);
            byte[] bytes = g.build(ModelMetadata.of("parity", "1")).toByteArray();
            try (OnnxModel model = OnnxModel.load(bytes, RuntimeConfig.builder().intraOpThreads(1).build(), "parity")) {
                Tensor onnxOut = model.run(feeds).get("out");
                return new Result(djlOut.toFloatArray(), onnxOut.floats(), outShape);
            }
        }
    }
}
