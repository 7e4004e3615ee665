package org.speaktheart.pipeline.recipe;

import java.nio.file.Path;

/**
 * Settings of {@link ShapesDemo}: the whole STA recipe on a small procedural corpus.
 *
 * @param workDir where the corpus, the trained models, the bundle and the report go
 * @param seed seed of every random choice and of every training run
 * @param imageSide picture side in pixels (at least 16)
 * @param tokenizerSteps VQ-VAE training steps
 * @param encoderSteps speech encoder training steps
 * @param denoiserSteps denoiser training steps
 * @param diffusionSteps T of the noise schedule (the sampler runs all of them)
 */
public record ShapesDemoConfig(Path workDir, long seed, int imageSide, int tokenizerSteps, int encoderSteps,
                               int denoiserSteps, int diffusionSteps) {

    public ShapesDemoConfig {
        if (workDir == null) {
            throw new IllegalArgumentException("workDir must be set");
        }
        if (imageSide < 16 || imageSide % 4 != 0) {
            throw new IllegalArgumentException("imageSide must be a multiple of 4 and >= 16, got " + imageSide);
        }
        if (tokenizerSteps < 1 || encoderSteps < 1 || denoiserSteps < 1 || diffusionSteps < 2) {
            throw new IllegalArgumentException("training steps must be >= 1 and diffusionSteps >= 2, got tokenizerSteps="
                    + tokenizerSteps + " encoderSteps=" + encoderSteps + " denoiserSteps=" + denoiserSteps
                    + " diffusionSteps=" + diffusionSteps);
        }
    }

    /** The settings the README's demo command uses (a few minutes on 2 cores). */
    public static ShapesDemoConfig defaults(Path workDir) {
        return new ShapesDemoConfig(workDir, 1, 32, 800, 400, 600, 20);
    }
}
