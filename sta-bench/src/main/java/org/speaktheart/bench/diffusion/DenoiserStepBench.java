package org.speaktheart.bench.diffusion;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.diffusion.network.DenoiserConfig;
import org.speaktheart.diffusion.network.DenoiserExport;
import org.speaktheart.diffusion.network.DenoiserModel;
import org.speaktheart.diffusion.network.DenoiserNetwork;

/**
 * One denoiser evaluation (one sampling step's network call) at the tiny preset, on ONNX Runtime
 * and on DJL/PyTorch with the same weights: the network cost that the per-step posterior math is
 * compared against. Grid 16x16 (N = 256), K = 512, condition 384-d, with and without 8 condition tokens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class DenoiserStepBench {

    /** Items per call. */
    @Param({"1", "8"})
    public int batch;

    /** Intra-op threads for both engines. */
    @Param({"1", "2"})
    public int threads;

    /** Condition tokens beside the 256 grid cells ({@code DenoiserConfig.conditionTokens}). */
    @Param({"0", "8"})
    public int conditionTokens;

    private NDManager manager;
    private DenoiserNetwork network;
    private DenoiserModel onnx;
    private long[] tokens;
    private long[] timesteps;
    private float[] condition;
    private boolean[] useNull;
    private ParameterStore store;

    /** Builds the network, exports it and prepares inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        DenoiserConfig tiny = DenoiserConfig.tiny(512, 16, 384);
        DenoiserConfig config = DenoiserConfig.builder().codebookSize(512).grid(16, 16).width(tiny.width())
                .depth(tiny.depth()).heads(tiny.heads()).conditionDim(384).timesteps(tiny.timesteps())
                .conditionTokens(conditionTokens).build();
        manager = Engine.getEngine("PyTorch").newBaseManager();
        Engine.getEngine("PyTorch").setRandomSeed(1);
        network = new DenoiserNetwork(config);
        network.initialize(manager, DataType.FLOAT32, new Shape(batch, 256), new Shape(batch), new Shape(batch, 384),
                new Shape(batch));
        onnx = DenoiserModel.load(DenoiserExport.build(network, Map.of()).toByteArray(),
                RuntimeConfig.builder().intraOpThreads(threads).interOpThreads(1).build(), "bench-denoiser");
        SplittableRandom rng = new SplittableRandom(7);
        tokens = new long[batch * 256];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(513);
        }
        timesteps = new long[batch];
        condition = new float[batch * 384];
        for (int i = 0; i < condition.length; i++) {
            condition[i] = (float) rng.nextDouble(-1, 1);
        }
        useNull = new boolean[batch];
        store = new ParameterStore(manager, false);
    }

    /** Frees native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        onnx.close();
        manager.close();
    }

    /** ONNX Runtime forward, log-probabilities copied back to Java. */
    @Benchmark
    public float[] onnxRuntime() {
        return onnx.logProbs(tokens, timesteps, condition, useNull);
    }

    /** DJL/PyTorch forward plus log-softmax, copied back to Java (inputs copied in, as a sampler would). */
    @Benchmark
    public float[] djlPyTorch() {
        try (NDManager step = manager.newSubManager()) {
            NDList in = new NDList(step.create(tokens, new Shape(batch, 256)), step.create(timesteps),
                    step.create(condition, new Shape(batch, 384)), step.create(useNull));
            NDArray logits = network.forward(store, in, false).singletonOrThrow();
            return logits.logSoftmax(-1).toFloatArray();
        }
    }
}
