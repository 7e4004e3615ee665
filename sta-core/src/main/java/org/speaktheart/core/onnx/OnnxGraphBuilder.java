package org.speaktheart.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.speaktheart.core.io.AtomicFiles;

/**
 * A small typed builder of ONNX graphs on the protobuf classes of {@code ai.onnx.proto.OnnxMl}.
 *
 * <p>Every operator method appends one node and returns the name of its output value, so graphs
 * read like the forward pass they mirror: {@code g.add(g.matMul(x, w), b)}. Value names are made
 * unique from a hint ({@link #fresh}); network blocks pass their own prefix as hint so the graph
 * stays readable. Initializers come from float arrays or DJL {@link NDArray}s. The default opset
 * is {@value #DEFAULT_OPSET} (the first with {@code LayerNormalization}).
 *
 * <p>Not thread-safe: one builder per export.
 */
public final class OnnxGraphBuilder {

    /** Opset used unless another is requested. */
    public static final int DEFAULT_OPSET = 17;
    /** Lowest opset the STA blocks can be written in. */
    public static final int MIN_OPSET = 17;
    private static final long IR_VERSION = 8;

    private final String graphName;
    private final int opset;
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Set<String> values = new HashSet<>();
    private final Set<String> outputs = new HashSet<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, String> constantCache = new HashMap<>();
    // Identity, not equality: two parameters holding equal values are still two initializers.
    private final Map<NDArray, String> arrayInitializers = new java.util.IdentityHashMap<>();

    /** A builder at the default opset. */
    public OnnxGraphBuilder(String graphName) {
        this(graphName, DEFAULT_OPSET);
    }

    /**
     * A builder at a chosen opset.
     *
     * @param graphName the graph's name
     * @param opset the default-domain opset, at least {@value #MIN_OPSET}
     */
    public OnnxGraphBuilder(String graphName, int opset) {
        if (opset < MIN_OPSET) {
            throw new OnnxExportException("opset " + opset + " is too old: STA graphs need opset >= " + MIN_OPSET);
        }
        this.graphName = Objects.requireNonNull(graphName, "graphName");
        this.opset = opset;
        graph.setName(graphName);
    }

    /** The opset this graph is written in. */
    public int opset() {
        return opset;
    }

    /** A value name not used yet, derived from {@code hint}. */
    public String fresh(String hint) {
        String base = hint == null || hint.isBlank() ? "v" : hint;
        if (!values.contains(base)) {
            return base;
        }
        int n = counters.getOrDefault(base, 0);
        String name;
        do {
            n++;
            name = base + "_" + n;
        } while (values.contains(name));
        counters.put(base, n);
        return name;
    }

    // ---------------------------------------------------------------- inputs, outputs, initializers

    /** Declares a graph input and returns its name (no dimensions: shape left undeclared). */
    public String input(String name, ElementType type, Dim... dims) {
        claim(name);
        graph.addInput(valueInfo(name, type, dims));
        return name;
    }

    /**
     * Declares an existing value as a graph output (renaming is done with {@link #identity}).
     * With no dimensions the output's shape is left undeclared (ONNX Runtime infers it).
     */
    public String output(String value, ElementType type, Dim... dims) {
        requireValue(value);
        if (!outputs.add(value)) {
            throw new OnnxExportException("value '" + value + "' is already a graph output");
        }
        graph.addOutput(valueInfo(value, type, dims));
        return value;
    }

    /** A float initializer of the given shape (row-major data). */
    public String initializer(String hint, float[] data, long... shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count != data.length) {
            throw new OnnxExportException("initializer '" + hint + "': shape " + java.util.Arrays.toString(shape)
                    + " holds " + count + " values but " + data.length + " were given");
        }
        String name = fresh(hint);
        claim(name);
        ByteBuffer buf = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        graph.addInitializer(tensor(name, ElementType.FLOAT, shape, buf.array()));
        return name;
    }

    /** A float initializer holding a DJL array's values (converted to float32). */
    public String initializer(String hint, NDArray array) {
        NDArray f32 = array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
        String name = initializer(hint, f32.toFloatArray(), f32.getShape().getShape());
        arrayInitializers.put(array, name);
        return name;
    }

    /**
     * The initializer written from exactly this array (by identity) by
     * {@link #initializer(String, NDArray)}, if any: how a block's parameters are found again in a graph
     * it exported, e.g. to read them back from a file written by the same export code.
     */
    public java.util.Optional<String> initializerOf(NDArray array) {
        return java.util.Optional.ofNullable(arrayInitializers.get(array));
    }

    /** An int64 initializer of the given shape. */
    public String initializerInt64(String hint, long[] data, long... shape) {
        String name = fresh(hint);
        claim(name);
        ByteBuffer buf = ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(data);
        graph.addInitializer(tensor(name, ElementType.INT64, shape, buf.array()));
        return name;
    }

    /** A 1-D int64 constant (shapes, axes, indices), shared when the same values are asked twice. */
    public String int64s(long... values) {
        String key = "i64:" + java.util.Arrays.toString(values);
        String cached = constantCache.get(key);
        if (cached != null) {
            return cached;
        }
        String name = initializerInt64("const_i64", values, values.length);
        constantCache.put(key, name);
        return name;
    }

    /** A float scalar constant (rank 0), shared when the same value is asked twice. */
    public String scalar(float value) {
        String key = "f32:" + Float.floatToIntBits(value);
        String cached = constantCache.get(key);
        if (cached != null) {
            return cached;
        }
        String name = initializer("const_f32", new float[] {value});
        constantCache.put(key, name);
        return name;
    }

    // ---------------------------------------------------------------- generic nodes

    /** Appends a node with one output and returns that output's name. */
    public String node(String opType, String hint, List<String> inputs, Attr... attrs) {
        return nodeMulti(opType, hint, inputs, 1, attrs).get(0);
    }

    /** Appends a node with several outputs and returns their names. */
    public List<String> nodeMulti(String opType, String hint, List<String> inputs, int outputCount, Attr... attrs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(opType);
        for (String in : inputs) {
            if (!in.isEmpty()) { // "" marks an omitted optional input
                requireValue(in);
            }
            n.addInput(in);
        }
        List<String> outs = new ArrayList<>(outputCount);
        for (int i = 0; i < outputCount; i++) {
            String out = fresh(hint == null ? opType.toLowerCase(java.util.Locale.ROOT) : hint);
            claim(out);
            outs.add(out);
            n.addOutput(out);
        }
        n.setName(outs.get(0) + "/" + opType);
        for (Attr a : attrs) {
            n.addAttribute(a.proto());
        }
        graph.addNode(n);
        return outs;
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code a + b} with broadcasting. */
    public String add(String a, String b) {
        return node("Add", null, List.of(a, b));
    }

    /** {@code a - b} with broadcasting. */
    public String sub(String a, String b) {
        return node("Sub", null, List.of(a, b));
    }

    /** {@code a * b} with broadcasting. */
    public String mul(String a, String b) {
        return node("Mul", null, List.of(a, b));
    }

    /** {@code a / b} with broadcasting. */
    public String div(String a, String b) {
        return node("Div", null, List.of(a, b));
    }

    /** Elementwise unary operator by ONNX name: Erf, Sqrt, Sigmoid, Tanh, Sin, Cos, Exp, Log, Neg, Relu. */
    public String unary(String opType, String x) {
        return node(opType, null, List.of(x));
    }

    /** Exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))}, written with Erf so it runs at opset 17. */
    public String gelu(String x) {
        String erf = unary("Erf", mul(x, scalar((float) (1.0 / Math.sqrt(2.0)))));
        return mul(mul(x, scalar(0.5f)), add(erf, scalar(1f)));
    }

    /** SiLU (swish), {@code x * sigmoid(x)}. */
    public String silu(String x) {
        return mul(x, unary("Sigmoid", x));
    }

    /** Passes a value through under a chosen name (used to name graph outputs). */
    public String identity(String x, String name) {
        claim(name);
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName(name + "/Identity")
                .addInput(x).addOutput(name));
        return name;
    }

    /** Casts to another element type. */
    public String cast(String x, ElementType to) {
        return node("Cast", null, List.of(x), Attr.i("to", to.onnxCode()));
    }

    /** {@code where(cond, a, b)}. */
    public String where(String cond, String a, String b) {
        return node("Where", null, List.of(cond, a, b));
    }

    // ---------------------------------------------------------------- linear algebra and reductions

    /** Matrix product with numpy broadcasting of batch dimensions. */
    public String matMul(String a, String b) {
        return node("MatMul", null, List.of(a, b));
    }

    /** Softmax over one axis. */
    public String softmax(String x, int axis) {
        return node("Softmax", null, List.of(x), Attr.i("axis", axis));
    }

    /** Mean over axes. */
    public String reduceMean(String x, boolean keepDims, long... axes) {
        if (opset >= 18) {
            return node("ReduceMean", null, List.of(x, int64s(axes)), Attr.i("keepdims", keepDims ? 1 : 0));
        }
        return node("ReduceMean", null, List.of(x), Attr.ints("axes", axes), Attr.i("keepdims", keepDims ? 1 : 0));
    }

    /** LayerNormalization over the last axis with scale and bias ("" for no bias). */
    public String layerNorm(String x, String scale, String bias, float epsilon) {
        List<String> in = bias == null ? List.of(x, scale) : List.of(x, scale, bias);
        return node("LayerNormalization", null, in, Attr.i("axis", -1), Attr.f("epsilon", epsilon));
    }

    // ---------------------------------------------------------------- shape manipulation

    /** Reshape to a constant shape (0 copies the input dimension, -1 infers one). */
    public String reshape(String x, long... shape) {
        return node("Reshape", null, List.of(x, int64s(shape)));
    }

    /** Reshape to a shape given as a value. */
    public String reshapeTo(String x, String shape) {
        return node("Reshape", null, List.of(x, shape));
    }

    /** Transpose with a permutation. */
    public String transpose(String x, long... perm) {
        return node("Transpose", null, List.of(x), Attr.ints("perm", perm));
    }

    /** Concatenation along an axis. */
    public String concat(int axis, String... xs) {
        return node("Concat", null, List.of(xs), Attr.i("axis", axis));
    }

    /** Inserts size-1 axes. */
    public String unsqueeze(String x, long... axes) {
        return node("Unsqueeze", null, List.of(x, int64s(axes)));
    }

    /** Removes size-1 axes. */
    public String squeeze(String x, long... axes) {
        return node("Squeeze", null, List.of(x, int64s(axes)));
    }

    /** Slice with constant starts/ends/axes (steps 1). */
    public String slice(String x, long[] starts, long[] ends, long[] axes) {
        return node("Slice", null, List.of(x, int64s(starts), int64s(ends), int64s(axes)));
    }

    /** Slice whose starts and ends are values (1-D int64), over constant axes. */
    public String sliceDynamic(String x, String starts, String ends, long... axes) {
        return node("Slice", null, List.of(x, starts, ends, int64s(axes)));
    }

    /** Gather along an axis. */
    public String gather(String data, String indices, int axis) {
        return node("Gather", null, List.of(data, indices), Attr.i("axis", axis));
    }

    /** The shape of a value as a 1-D int64 tensor. */
    public String shape(String x) {
        return node("Shape", null, List.of(x));
    }

    /** One dimension of a value's shape as a 1-D int64 tensor of length 1. */
    public String dim(String x, int axis) {
        return gather(shape(x), int64s(axis), 0);
    }

    // ---------------------------------------------------------------- convolution and resampling

    /**
     * 2-D convolution over NCHW input.
     *
     * @param bias bias value name or null
     */
    public String conv2d(String x, String weight, String bias, int stride, int padding, int groups) {
        List<String> in = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
        return node("Conv", null, in, Attr.ints("strides", stride, stride),
                Attr.ints("pads", padding, padding, padding, padding), Attr.ints("dilations", 1, 1),
                Attr.i("group", groups));
    }

    /** Nearest-neighbour upsampling of NCHW input by an integer factor (each pixel repeated). */
    public String upsampleNearest(String x, int factor) {
        String scales = initializer("scales", new float[] {1f, 1f, factor, factor}, 4);
        return node("Resize", null, List.of(x, "", scales), Attr.s("mode", "nearest"),
                Attr.s("coordinate_transformation_mode", "asymmetric"), Attr.s("nearest_mode", "floor"));
    }

    // ---------------------------------------------------------------- build and write

    /** The finished model with its metadata. */
    public OnnxMl.ModelProto build(ModelMetadata metadata) {
        if (graph.getOutputCount() == 0) {
            throw new OnnxExportException("graph '" + graphName + "' has no outputs");
        }
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("sta-java")
                .setProducerVersion(metadata.version())
                .setModelVersion(1)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph.build());
        metadata.asProps().forEach((k, v) ->
                model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    /** Builds the model and writes it to {@code file} atomically. */
    public OnnxMl.ModelProto write(Path file, ModelMetadata metadata) {
        OnnxMl.ModelProto model = build(metadata);
        AtomicFiles.write(file, model::writeTo);
        return model;
    }

    /** Reads the STA metadata back from a model. */
    public static ModelMetadata metadataOf(OnnxMl.ModelProto model) {
        Map<String, String> props = new java.util.LinkedHashMap<>();
        for (OnnxMl.StringStringEntryProto e : model.getMetadataPropsList()) {
            props.put(e.getKey(), e.getValue());
        }
        return ModelMetadata.fromProps(props);
    }

    // ---------------------------------------------------------------- internals

    private void claim(String name) {
        if (!values.add(name)) {
            throw new OnnxExportException("value name '" + name + "' is already used in graph '" + graphName + "'");
        }
    }

    private void requireValue(String name) {
        if (!values.contains(name)) {
            throw new OnnxExportException("unknown value '" + name + "' in graph '" + graphName
                    + "': declare it as an input or initializer, or produce it with a node first");
        }
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, ElementType type, Dim... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Dim d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder db = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d.isSymbolic()) {
                db.setDimParam(d.symbol());
            } else {
                db.setDimValue(d.size());
            }
            shape.addDim(db);
        }
        OnnxMl.TypeProto.Tensor.Builder tensorType = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.onnxCode());
        if (dims.length > 0) {
            tensorType.setShape(shape);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensorType)).build();
    }

    private static OnnxMl.TensorProto tensor(String name, ElementType type, long[] shape, byte[] raw) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.onnxCode())
                .setRawData(ByteString.copyFrom(raw));
        for (long d : shape) {
            t.addDims(d);
        }
        return t.build();
    }
}
