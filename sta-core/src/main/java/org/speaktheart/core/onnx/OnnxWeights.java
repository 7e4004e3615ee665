package org.speaktheart.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading trained weights back out of an ONNX file that this project's exporter wrote, so that a
 * network can continue training from nothing but its exported model (a bundle's {@code encoder.onnx},
 * say) when its training checkpoint is gone.
 *
 * <p>The file's float initializers are matched to a block's parameters by the names the same export
 * code gives them: export a freshly initialised block of the same configuration into an
 * {@link OnnxGraphBuilder}, which remembers which initializer each parameter array became
 * ({@link OnnxGraphBuilder#initializerOf(NDArray)}), then copy the file's values of those names in.
 * Parameters the export does not write (training-only ones, such as a contrastive temperature or an
 * auxiliary head) keep their fresh values and are reported. Nothing in the file is executed.
 */
public final class OnnxWeights {
    private OnnxWeights() {
    }

    /** One float initializer: its shape and row-major values. */
    public record Tensor(long[] shape, float[] values) {
    }

    /**
     * What {@link #read(Path)} takes from a model file.
     *
     * @param tensors the float initializers by name, in file order
     * @param metadata the model's metadata properties (e.g. training provenance)
     */
    public record Weights(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /**
     * The float initializers and metadata of an ONNX model.
     *
     * @throws OnnxImportException if the file cannot be read or parsed, or holds a float initializer
     *     whose data lies outside the file
     */
    public static Weights read(Path file) {
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = OnnxMl.ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new OnnxImportException("cannot read ONNX weights from " + file + ": " + e.getMessage(), e);
        }
        if (!model.hasGraph()) {
            throw new OnnxImportException(file + " is not an ONNX model (no graph)");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
            if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
                continue;
            }
            if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                throw new OnnxImportException("initializer '" + t.getName() + "' of " + file
                        + " keeps its data in an external file; only weights stored inside the model are read");
            }
            long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
            long count = Arrays.stream(shape).reduce(1L, Math::multiplyExact);
            float[] values;
            if (!t.getRawData().isEmpty()) {
                FloatBuffer fb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                values = new float[fb.remaining()];
                fb.get(values);
            } else {
                values = new float[t.getFloatDataCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = t.getFloatData(i);
                }
            }
            if (values.length != count) {
                throw new OnnxImportException("initializer '" + t.getName() + "' of " + file + " has shape "
                        + Arrays.toString(shape) + " (" + count + " values) but holds " + values.length);
            }
            out.put(t.getName(), new Tensor(shape, values));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (OnnxMl.StringStringEntryProto e : model.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        return new Weights(out, metadata);
    }

    /**
     * Copies weights into {@code block}'s parameters.
     *
     * @param export a graph into which the same export code wrote {@code block} itself (its
     *     parameters' arrays, by identity), so that initializer names map to parameters
     * @param weights the file's initializers ({@link Weights#tensors()} of {@link #read(Path)})
     * @param source what the weights came from, for messages
     * @return the names of the block's parameters the export does not write, which were left as they were
     * @throws OnnxImportException if a parameter the export writes is missing from {@code weights} or
     *     has another shape there: the file was not written by this export of this configuration
     */
    public static List<String> copyInto(Block block, OnnxGraphBuilder export, Map<String, Tensor> weights, String source) {
        List<NDArray> targets = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        List<String> notExported = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            String name = export.initializerOf(array).orElse(null);
            if (name == null) {
                notExported.add(p.getKey());
                continue;
            }
            Tensor t = weights.get(name);
            if (t == null) {
                throw new OnnxImportException(source + " has no initializer '" + name + "' (parameter " + p.getKey()
                        + "): it was not exported from a network of this configuration by this version");
            }
            if (!new Shape(t.shape()).equals(array.getShape())) {
                throw new OnnxImportException("initializer '" + name + "' of " + source + " has shape "
                        + Arrays.toString(t.shape()) + " but parameter " + p.getKey() + " has " + array.getShape()
                        + ": the file's network has another configuration");
            }
            targets.add(array);
            values.add(t.values());
        }
        // all checks first, then the copies, so that a refused file leaves the block as it was
        for (int i = 0; i < targets.size(); i++) {
            NDArray array = targets.get(i);
            try (NDArray v = array.getManager().create(values.get(i), array.getShape())) {
                v.copyTo(array);
            }
        }
        return notExported;
    }
}
