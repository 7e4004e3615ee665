package org.speaktheart.core.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speaktheart.core.onnx.ElementType;

/**
 * One ONNX model loaded into ONNX Runtime, ready to run.
 *
 * <p>Load from a path, bytes or a classpath resource with a {@link RuntimeConfig} (execution
 * provider, threads). At load the model's declared inputs and outputs are read; every
 * {@link #run} checks the given tensors against them (names, element types, ranks, fixed
 * dimensions) and fails with a {@link ModelInputException} that says what was expected.
 *
 * <p>Thread-safe: any number of threads may call {@link #run} at once (ONNX Runtime sessions allow
 * concurrent runs); {@link #close} waits for runs in flight and later runs fail clearly.
 */
public final class OnnxModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private final String source;
    private final OrtSession session;
    private final ExecutionProvider provider;
    private final Map<String, InputSpec> inputs;
    private final Map<String, InputSpec> outputs;
    private final Map<String, String> customMetadata;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxModel(String source, OrtSession session, ExecutionProvider provider) throws OrtException {
        this.source = source;
        this.session = session;
        this.provider = provider;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
        this.customMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(session.getMetadata().getCustomMetadata()));
    }

    /**
     * Loads a model file.
     *
     * @throws ModelLoadException when the file is missing, unreadable or not a valid model
     * @throws ExecutionProviderUnavailableException when the provider cannot be used and fallback is off
     */
    public static OnnxModel load(Path file, RuntimeConfig config) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("model file not found: " + file.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return load(bytes, config, file.toString());
    }

    /**
     * Loads a model from a classpath resource (e.g. {@code /org/speaktheart/models/x.onnx}).
     *
     * @throws ModelLoadException when the resource is missing or not a valid model
     */
    public static OnnxModel loadResource(Class<?> anchor, String resource, RuntimeConfig config) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelLoadException("model resource not found on the classpath: " + resource
                        + " (relative to " + anchor.getName() + ")", null);
            }
            return load(in.readAllBytes(), config, "classpath:" + resource);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model from its serialized bytes.
     *
     * @param description where the bytes came from, used in messages
     * @throws ModelLoadException when the bytes are not a valid model
     */
    public static OnnxModel load(byte[] model, RuntimeConfig config, String description) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        if (model.length == 0) {
            throw new ModelLoadException("model " + description + " is empty (0 bytes)", null);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (config.provider() == ExecutionProvider.CUDA) {
            try {
                return create(env, model, config, true, description);
            } catch (ExecutionProviderUnavailableException e) {
                if (!config.allowCpuFallback()) {
                    throw e;
                }
                LOG.warn("{}; running {} on CPU because CPU fallback is allowed", e.getMessage(), description);
            }
        }
        return create(env, model, config, false, description);
    }

    private static OnnxModel create(OrtEnvironment env, byte[] model, RuntimeConfig config, boolean cuda,
                                    String description) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(config.intraOpThreads());
            options.setInterOpNumThreads(config.interOpThreads());
            options.setOptimizationLevel(switch (config.optimization()) {
                case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            if (cuda) {
                addCuda(options, config.deviceId());
            }
            OrtSession session;
            try {
                session = env.createSession(model, options);
            } catch (OrtException e) {
                if (cuda && mentionsCuda(e)) {
                    throw new ExecutionProviderUnavailableException("the CUDA execution provider could not start "
                            + "(device " + config.deviceId() + "): " + e.getMessage(), e);
                }
                throw new ModelLoadException("model " + description + " could not be loaded (" + model.length
                        + " bytes; truncated, corrupt or not an ONNX model?): " + e.getMessage(), e);
            }
            try {
                return new OnnxModel(description, session, cuda ? ExecutionProvider.CUDA : ExecutionProvider.CPU);
            } catch (OrtException e) {
                closeQuietly(session);
                throw new ModelLoadException("model " + description + " has unreadable inputs or outputs: "
                        + e.getMessage(), e);
            }
        } catch (OrtException e) {
            throw new ModelLoadException("invalid session options for " + description + ": " + e.getMessage(), e);
        }
    }

    private static void addCuda(OrtSession.SessionOptions options, int deviceId) {
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(OrtProvider.CUDA)) {
            throw new ExecutionProviderUnavailableException("the CUDA execution provider was requested but this "
                    + "ONNX Runtime build has none (available: " + available + "); build with the Maven profile "
                    + "'cuda' (onnxruntime_gpu) on a machine with an NVIDIA GPU and driver, or use CPU", null);
        }
        try {
            options.addCUDA(deviceId);
        } catch (OrtException | UnsatisfiedLinkError e) {
            throw new ExecutionProviderUnavailableException("the CUDA execution provider could not be added for "
                    + "device " + deviceId + " (no GPU, driver or CUDA libraries?): " + e.getMessage(), e);
        }
    }

    private static boolean mentionsCuda(OrtException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("cuda") || m.contains("cudnn") || m.contains("gpu");
    }

    /** Where the model was loaded from. */
    public String source() {
        return source;
    }

    /** The provider the model actually runs on (CPU after an allowed fallback). */
    public ExecutionProvider provider() {
        return provider;
    }

    /** Declared inputs, in the model's order. */
    public Map<String, InputSpec> inputs() {
        return inputs;
    }

    /** Declared outputs, in the model's order. */
    public Map<String, InputSpec> outputs() {
        return outputs;
    }

    /** The model's {@code metadata_props}. */
    public Map<String, String> customMetadata() {
        return customMetadata;
    }

    /**
     * Runs the model on all outputs.
     *
     * @param feeds one tensor per declared input, by name
     * @return every output, by name, in the model's order
     * @throws ModelInputException when the feeds do not fit the declared inputs
     * @throws OnnxRuntimeException when ONNX Runtime fails while running
     */
    public Map<String, Tensor> run(Map<String, Tensor> feeds) {
        return run(feeds, List.copyOf(outputs.keySet()));
    }

    /**
     * Runs the model and returns only the requested outputs.
     *
     * @throws ModelInputException when the feeds or output names do not fit the model
     */
    public Map<String, Tensor> run(Map<String, Tensor> feeds, List<String> wanted) {
        validate(feeds);
        for (String w : wanted) {
            if (!outputs.containsKey(w)) {
                throw new ModelInputException("model " + source + " has no output '" + w + "'; outputs: " + outputs.keySet());
            }
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + source + " is closed");
            }
            return execute(feeds, wanted);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Map<String, Tensor> execute(Map<String, Tensor> feeds, List<String> wanted) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> ort = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
                ort.put(e.getKey(), toOrt(env, e.getValue()));
            }
            try (OrtSession.Result result = session.run(ort, new java.util.LinkedHashSet<>(wanted))) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (String name : wanted) {
                    OnnxValue v = result.get(name).orElseThrow(() ->
                            new OnnxRuntimeException("model " + source + " returned no value for output '" + name + "'"));
                    out.put(name, fromOrt(name, v));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new OnnxRuntimeException("model " + source + " failed to run: " + e.getMessage(), e);
        } finally {
            ort.values().forEach(OnnxTensor::close);
        }
    }

    private void validate(Map<String, Tensor> feeds) {
        Objects.requireNonNull(feeds, "feeds");
        List<String> missing = new ArrayList<>();
        for (String name : inputs.keySet()) {
            if (!feeds.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelInputException("model " + source + " needs input(s) " + missing + " which were not given; "
                    + "it declares " + inputs.values());
        }
        for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
            InputSpec spec = inputs.get(e.getKey());
            Tensor t = e.getValue();
            if (spec == null) {
                throw new ModelInputException("model " + source + " has no input named '" + e.getKey()
                        + "'; it declares " + inputs.values());
            }
            if (t == null) {
                throw new ModelInputException("input '" + spec.name() + "' is null; expected " + spec);
            }
            if (spec.type() != t.type()) {
                throw new ModelInputException("input '" + spec.name() + "' has element type " + t.type()
                        + " but the model expects " + spec.onnxType());
            }
            long[] declared = spec.shape();
            long[] given = t.shape();
            if (declared.length != given.length) {
                throw new ModelInputException("input '" + spec.name() + "' has rank " + given.length + " "
                        + java.util.Arrays.toString(given) + " but the model expects rank " + declared.length + " "
                        + spec.describeShape());
            }
            for (int i = 0; i < declared.length; i++) {
                if (declared[i] >= 0 && declared[i] != given[i]) {
                    throw new ModelInputException("input '" + spec.name() + "' has size " + given[i] + " in dimension "
                            + i + " but the model expects " + declared[i] + " (shape " + spec.describeShape()
                            + ", given " + java.util.Arrays.toString(given) + ")");
                }
            }
        }
    }

    private static OnnxTensor toOrt(OrtEnvironment env, Tensor t) throws OrtException {
        long[] shape = t.shape();
        return switch (t.type()) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(t.longs()), shape);
            case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap(t.ints()), shape);
            case UINT8 -> OnnxTensor.createTensor(env, ByteBuffer.wrap(t.uint8()), shape, OnnxJavaType.UINT8);
            case BOOL -> {
                boolean[] b = t.bools();
                byte[] bytes = new byte[b.length];
                for (int i = 0; i < b.length; i++) {
                    bytes[i] = (byte) (b[i] ? 1 : 0);
                }
                yield OnnxTensor.createTensor(env, ByteBuffer.wrap(bytes), shape, OnnxJavaType.BOOL);
            }
        };
    }

    private Tensor fromOrt(String name, OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new OnnxRuntimeException("output '" + name + "' of " + source + " is not a tensor");
        }
        TensorInfo info = tensor.getInfo();
        long[] shape = info.getShape();
        return switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = tensor.getFloatBuffer();
                float[] a = new float[b.remaining()];
                b.get(a);
                yield Tensor.ofFloats(a, shape);
            }
            case INT64 -> {
                LongBuffer b = tensor.getLongBuffer();
                long[] a = new long[b.remaining()];
                b.get(a);
                yield Tensor.ofLongs(a, shape);
            }
            case INT32 -> {
                IntBuffer b = tensor.getIntBuffer();
                int[] a = new int[b.remaining()];
                b.get(a);
                yield Tensor.ofInts(a, shape);
            }
            case UINT8 -> {
                ByteBuffer b = tensor.getByteBuffer();
                byte[] a = new byte[b.remaining()];
                b.get(a);
                yield Tensor.ofUint8(a, shape);
            }
            case BOOL -> {
                ByteBuffer b = tensor.getByteBuffer();
                boolean[] a = new boolean[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.get() != 0;
                }
                yield Tensor.ofBools(a, shape);
            }
            default -> throw new OnnxRuntimeException("output '" + name + "' of " + source + " has element type "
                    + info.type + ", which STA does not read");
        };
    }

    private static Map<String, InputSpec> specs(Map<String, NodeInfo> infos) {
        Map<String, InputSpec> specs = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo ti) {
                String[] names = ti.getDimensionNames();
                long[] shape = ti.getShape();
                if (names == null || names.length != shape.length) {
                    names = new String[shape.length];
                    java.util.Arrays.fill(names, "");
                }
                specs.put(e.getKey(), new InputSpec(e.getKey(), elementType(ti.type), ti.type.name(), shape, names));
            } else {
                specs.put(e.getKey(), new InputSpec(e.getKey(), null, String.valueOf(e.getValue().getInfo()),
                        new long[0], new String[0]));
            }
        }
        return Collections.unmodifiableMap(specs);
    }

    private static ElementType elementType(OnnxJavaType t) {
        return switch (t) {
            case FLOAT -> ElementType.FLOAT;
            case INT64 -> ElementType.INT64;
            case INT32 -> ElementType.INT32;
            case BOOL -> ElementType.BOOL;
            case UINT8 -> ElementType.UINT8;
            default -> null;
        };
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing; the load error is the one to report
        }
    }

    /** Releases the native session; waits for runs in progress. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            session.close();
        } catch (OrtException e) {
            throw new OnnxRuntimeException("closing model " + source + " failed: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + source + " on " + provider + ", inputs " + inputs.values() + "]";
    }
}
