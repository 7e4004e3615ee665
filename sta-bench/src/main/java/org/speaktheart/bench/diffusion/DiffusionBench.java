package org.speaktheart.bench.diffusion;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.speaktheart.diffusion.process.Jump;
import org.speaktheart.diffusion.sampling.AncestralStep;
import org.speaktheart.diffusion.sampling.Denoiser;
import org.speaktheart.diffusion.sampling.DenoiserInput;
import org.speaktheart.diffusion.sampling.DiffusionSampler;
import org.speaktheart.diffusion.sampling.PurityStep;
import org.speaktheart.diffusion.sampling.SampleRequest;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.sampling.SamplingStrategy;
import org.speaktheart.diffusion.sampling.Truncation;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/**
 * The per-step cost of the discrete-diffusion math (everything a sampler does between two network
 * calls) and whole sampling runs with a trivial denoiser that returns fixed random logits, so the
 * figures are the sampler's own overhead. Shapes: {@code paper} = B 1, N 256 (16 x 16), K 974, T 100
 * (the STA generator); {@code tiny} = B 1, N 64 (8 x 8), K 128, T 100.
 *
 * <pre>java -jar sta-bench/target/benchmarks.jar 'DiffusionBench' -f 1 -wi 3 -i 5 -t 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DiffusionBench {

    private static final int T = 100;

    /** {@code paper} (N 256, K 974) or {@code tiny} (N 64, K 128). */
    @Param({"paper", "tiny"})
    public String shape;

    private int n;
    private int k;
    private NoiseSchedule schedule;
    private float[] logits;
    private float[] work;
    private int[] startTokens;
    private int[] tokens;
    private Jump jump;
    private AncestralStep ancestral;
    private PurityStep purity;
    private Truncation truncation;
    private SplittableRandom rng;
    private Denoiser trivial;
    private DiffusionSampler fullSampler;
    private DiffusionSampler fastSampler;
    private DiffusionSampler fullPuritySampler;
    private DiffusionSampler truncatedSampler;
    private SampleRequest request;

    @Setup
    public void setUp() {
        n = "paper".equals(shape) ? 256 : 64;
        k = "paper".equals(shape) ? 974 : 128;
        schedule = NoiseSchedule.vqDiffusionDefault(k, T);
        SplittableRandom init = new SplittableRandom(1);
        logits = new float[n * k];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (3 * init.nextGaussian());
        }
        work = new float[n * k];
        // Mid-way state: half of the tokens still masked.
        startTokens = new int[n];
        for (int i = 0; i < n; i++) {
            startTokens[i] = i % 2 == 0 ? k : init.nextInt(k);
        }
        tokens = new int[n];
        jump = Jump.of(schedule, T / 2 - 1, T / 2);
        ancestral = new AncestralStep(k);
        purity = new PurityStep(k);
        truncation = new Truncation(k);
        rng = new SplittableRandom(2);
        trivial = new Denoiser() {
            @Override
            public int codebookSize() {
                return k;
            }

            @Override
            public float[] predict(DenoiserInput input) {
                return logits.clone();
            }
        };
        fullSampler = new DiffusionSampler(schedule, SamplerConfig.builder().steps(T).build());
        fastSampler = new DiffusionSampler(schedule, SamplerConfig.builder().steps(T / 5).build());
        fullPuritySampler = new DiffusionSampler(schedule,
                SamplerConfig.builder().steps(T).strategy(SamplingStrategy.PURITY).purityWeight(1).build());
        truncatedSampler = new DiffusionSampler(schedule, SamplerConfig.builder().steps(T / 5).truncationRate(0.86).build());
        request = SampleRequest.builder(1, n).seed(3).build();
    }

    /**
     * One ancestral step's math for one grid, as the sampler runs it without guidance or truncation:
     * the fused posterior draw of every token straight from the logits.
     */
    @Benchmark
    public int[] posteriorStep() {
        System.arraycopy(startTokens, 0, tokens, 0, n);
        ancestral.apply(jump, logits, 0, tokens, 0, n, null, 0, rng);
        return tokens;
    }

    /** One ancestral step with truncation r = 0.86 as the sampler runs it: truncation (which normalises), draw. */
    @Benchmark
    public int[] posteriorStepTruncated() {
        System.arraycopy(logits, 0, work, 0, work.length);
        System.arraycopy(startTokens, 0, tokens, 0, n);
        for (int r = 0; r < n; r++) {
            truncation.apply(work, r * k, k, 0.86);
        }
        ancestral.apply(jump, work, 0, tokens, 0, n, null, 0, rng);
        return tokens;
    }

    /** One purity-prior step's math for one grid, from raw logits as the sampler runs it. */
    @Benchmark
    public int[] purityStep() {
        System.arraycopy(startTokens, 0, tokens, 0, n);
        purity.apply(jump, 1.0, logits, 0, tokens, 0, n, null, 0, rng);
        return tokens;
    }

    /** A whole ancestral sample over all T = 100 steps (trivial denoiser). */
    @Benchmark
    public int[] sampleAllSteps() {
        return fullSampler.sample(trivial, request);
    }

    /** A whole ancestral sample over T / 5 = 20 steps (stride 5, trivial denoiser). */
    @Benchmark
    public int[] sampleFifthOfSteps() {
        return fastSampler.sample(trivial, request);
    }

    /** A whole purity-prior sample over all T = 100 steps (trivial denoiser). */
    @Benchmark
    public int[] samplePurityAllSteps() {
        return fullPuritySampler.sample(trivial, request);
    }

    /** A whole ancestral sample over 20 steps with truncation r = 0.86 (trivial denoiser). */
    @Benchmark
    public int[] sampleFifthOfStepsTruncated() {
        return truncatedSampler.sample(trivial, request);
    }
}
