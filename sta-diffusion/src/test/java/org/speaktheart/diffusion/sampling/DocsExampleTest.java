package org.speaktheart.diffusion.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/** The usage example of docs/diffusion.md, run as written with a stand-in denoiser. */
class DocsExampleTest {

    @Test
    void samplerExampleRuns() {
        int k = 974;
        float[] fixedLogits = new float[256 * k];
        SplittableRandom init = new SplittableRandom(5);
        for (int i = 0; i < fixedLogits.length; i++) {
            fixedLogits[i] = (float) (3 * init.nextGaussian());
        }
        Denoiser denoiser = new Denoiser() {
            @Override
            public int codebookSize() {
                return k;
            }

            @Override
            public float[] predict(DenoiserInput input) {
                float[] out = new float[input.batch() * fixedLogits.length];
                for (int b = 0; b < input.batch(); b++) {
                    System.arraycopy(fixedLogits, 0, out, b * fixedLogits.length, fixedLogits.length);
                }
                return out;
            }
        };
        float[][] speechEmbeddings = new float[4][16];
        List<String> lines = new ArrayList<>();

        // --- as in docs/diffusion.md ---
        NoiseSchedule schedule = NoiseSchedule.vqDiffusionDefault(974, 100);
        SamplerConfig config = SamplerConfig.builder()
                .steps(20)                 // 20 network calls: stride 5 over T = 100
                .guidanceScale(3.0)        // discrete classifier-free guidance
                .truncationRate(0.86)      // keep the top tokens up to cumulative 0.86
                .build();
        SampleRequest request = SampleRequest.builder(4, 256)   // B = 4 grids of 16 x 16 tokens
                .condition(speechEmbeddings)                     // float[4][D]
                .seed(42)
                .build();
        int[] tokens = new DiffusionSampler(schedule, config).sample(denoiser, request,
                p -> lines.add(p.step() + "/" + p.totalSteps() + " masked " + p.maskedTokens()));
        // --- end of the example ---

        assertEquals(4 * 256, tokens.length);
        for (int token : tokens) {
            assertTrue(token >= 0 && token < 974);
        }
        assertEquals(20, lines.size());
        assertEquals("20/20 masked 0", lines.get(19));
    }
}
