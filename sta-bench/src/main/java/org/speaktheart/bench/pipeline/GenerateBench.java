package org.speaktheart.bench.pipeline;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.models.DefaultModels;
import org.speaktheart.pipeline.GenerationOptions;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.DefaultBundle;

/**
 * {@code SpeechToImagePipeline.generate} end to end on the embedded default model: decoded clip ->
 * log-mel + speech encoder -> discrete diffusion sampling -> VQ-VAE decoder -> image, one image
 * per call, for the first bundled English sample. {@code steps} = 0 means the bundle's default
 * sampler; other values override its number of sampling steps. {@code candidates} = 0 means the
 * bundle's default candidates per image; other values generate that many and keep the teacher's best
 * (e.g. {@code -p candidates=1,4}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Djava.awt.headless=true"})
public class GenerateBench {

    /** Intra-op threads of ONNX Runtime. */
    @Param({"1", "2"})
    public int threads;

    /** Sampling steps; 0 = the bundle's default. */
    @Param({"0"})
    public int steps;

    /** Candidates per image; 0 = the bundle's default. */
    @Param({"0"})
    public int candidates;

    private SpeechToImagePipeline pipeline;
    private AudioClip clip;
    private GenerationOptions options;
    private String language;

    /** Opens the default bundle and decodes the sample. */
    @Setup(Level.Trial)
    public void setUp() {
        pipeline = SpeechToImagePipeline.builder(DefaultBundle.open())
                .runtime(RuntimeConfig.builder().intraOpThreads(threads).build()).build();
        DefaultModels.Sample sample = DefaultModels.samples().stream().filter(s -> "en".equals(s.language())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no English sample is bundled"));
        try (InputStream in = sample.open()) {
            clip = AudioDecoder.standard().decode(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        language = sample.language();
        SamplerConfig base = pipeline.defaultSampler();
        SamplerConfig sampler = steps == 0 ? base : SamplerConfig.builder().steps(steps).guidanceScale(base.guidanceScale())
                .truncationRate(base.truncationRate()).strategy(base.strategy()).purityWeight(base.purityWeight()).build();
        options = GenerationOptions.builder().seed(1).language(language).sampler(sampler).candidates(candidates).build();
    }

    /** Closes the pipeline. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pipeline.close();
    }

    /** One speech-to-image call. */
    @Benchmark
    public BufferedImage generate() {
        return pipeline.generate(clip, options).image();
    }
}
