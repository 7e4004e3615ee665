package org.speaktheart.diffusion.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.diffusion.loss.DiffusionLoss;
import org.speaktheart.diffusion.loss.LossConfig;
import org.speaktheart.diffusion.loss.LossTerms;
import org.speaktheart.diffusion.process.DiscreteDiffusion;
import org.speaktheart.diffusion.process.LogMath;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/** The tensor loss equals the plain-Java reference loss on random predictions, at every kind of t. */
class TensorDiffusionLossTest {

    @ParameterizedTest
    @ValueSource(strings = {"vq-diffusion-default", "mask-and-replace"})
    void matchesTheJavaReference(String scheduleName) {
        int k = 6;
        int steps = 12;
        int length = 5;
        NoiseSchedule schedule = scheduleName.equals("mask-and-replace")
                ? NoiseSchedule.maskAndReplace(k, steps) : NoiseSchedule.vqDiffusionDefault(k, steps);
        DiscreteDiffusion process = new DiscreteDiffusion(schedule);
        LossConfig config = new LossConfig(0.05, true, 1.0, 0.5);
        int[] t = {1, 2, 5, 12, 7, 1, 3, 11};
        int batch = t.length;
        double[] pt = {0.1, 0.05, 0.2, 1.0, 0.08, 0.3, 0.12, 0.09};
        SplittableRandom rng = new SplittableRandom(17);
        int[] x0 = new int[batch * length];
        int[] xt = new int[batch * length];
        float[] logits = new float[batch * length * k];
        for (int b = 0; b < batch; b++) {
            int[] clean = new int[length];
            for (int i = 0; i < length; i++) {
                clean[i] = rng.nextInt(k);
            }
            int[] noisy = new int[length];
            process.sampleForward(clean, t[b], rng, noisy);
            // make sure masked, kept and replaced tokens all occur
            noisy[0] = k;
            noisy[1] = clean[1];
            noisy[2] = (clean[2] + 1) % k;
            System.arraycopy(clean, 0, x0, b * length, length);
            System.arraycopy(noisy, 0, xt, b * length, length);
        }
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (rng.nextGaussian() * 2);
        }

        float[] logProbs = logits.clone();
        for (int row = 0; row < batch * length; row++) {
            LogMath.logSoftmaxInPlace(logProbs, row * k, k);
        }
        DiffusionLoss reference = new DiffusionLoss(process, config);
        LossTerms[] terms = new LossTerms[batch];
        double[] variational = new double[batch];
        for (int b = 0; b < batch; b++) {
            terms[b] = reference.compute(x0, xt, b * length, logProbs, b * length * k, length, t[b], pt[b]);
            variational[b] = terms[b].variationalTerm();
        }
        double expected = DiffusionLoss.meanPerToken(terms, length);

        TensorDiffusionLoss loss = new TensorDiffusionLoss(process, config);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray[] out = loss.loss(m.create(logits, new Shape(batch, length, k)),
                    loss.targets(batch, length, x0, xt, t, pt));
            Tolerance close = new Tolerance(1e-5, 1e-4);
            close.assertClose(expected, out[0].getFloat(), "mean loss per token");
            float[] perGrid = out[1].toFloatArray();
            for (int b = 0; b < batch; b++) {
                close.assertClose(variational[b], perGrid[b], "variational term of grid " + b + " (t = " + t[b] + ")");
            }
        }
    }
}
