package org.speaktheart.bench.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
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
import org.speaktheart.audio.AudioClip;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.encoder.inference.FeatureBatch;
import org.speaktheart.encoder.inference.SpeechEmbedding;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderExport;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;

/**
 * Embedding a 3 s clip (16 kHz) with the default speech encoder (log-mel 80, two stride-2
 * convolutions, 4 pre-LN layers of width 192, 384-d output) on ONNX Runtime: the whole call
 * ({@code embed}: log-mel features + network) and its two parts. The weights are freshly
 * initialised (speed does not depend on training). The clip is synthetic (a gliding tone plus
 * noise, seed 5).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class EncoderBench {

    /** Intra-op threads of ONNX Runtime. */
    @Param({"1", "2"})
    public int threads;

    private SpeechEncoder encoder;
    private AudioClip clip;
    private FeatureBatch features;

    /** Builds, exports and loads the encoder; prepares the clip. */
    @Setup(Level.Trial)
    public void setUp() {
        SpeechEncoderConfig config = SpeechEncoderConfig.builder().build();
        byte[] model;
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(1);
            SpeechEncoderNetwork n = new SpeechEncoderNetwork(config);
            n.initialize(m, DataType.FLOAT32, new Shape(1, 8, config.featureDim()), new Shape(1, 8));
            model = SpeechEncoderExport.build(n, List.of("en", "ar"), Map.of()).toByteArray();
        }
        encoder = SpeechEncoder.load(model, RuntimeConfig.builder().intraOpThreads(threads).interOpThreads(1).build(),
                "bench-encoder");
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[48_000];
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            phase += 2 * Math.PI * (150 + 200.0 * i / x.length) / 16_000;
            x[i] = (float) (0.3 * Math.sin(phase) + 0.15 * Math.sin(3 * phase) + 0.02 * r.nextGaussian());
        }
        clip = AudioClip.of(x, 16_000);
        features = encoder.frontEnd().features(List.of(clip));
    }

    /** Features and network: what a caller of {@code embed} pays. */
    @Benchmark
    public SpeechEmbedding embed3s() {
        return encoder.embed(clip);
    }

    /** Log-mel features of the clip only. */
    @Benchmark
    public FeatureBatch features3s() {
        return encoder.frontEnd().features(List.of(clip));
    }

    /** The ONNX network only, on precomputed features. */
    @Benchmark
    public List<SpeechEmbedding> network3s() {
        return encoder.run(features, "en");
    }

    /** Frees the session. */
    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
    }
}
