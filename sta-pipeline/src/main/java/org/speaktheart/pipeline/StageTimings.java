package org.speaktheart.pipeline;

/**
 * Wall time of each stage of one generation, in milliseconds.
 *
 * @param speechMillis audio checks, features and the speech encoder
 * @param diffusionMillis the denoising loop (all network calls and the sampler math)
 * @param decodeMillis token grids to pixels
 * @param rankMillis scoring candidate images with the teacher (0 without ranking)
 */
public record StageTimings(double speechMillis, double diffusionMillis, double decodeMillis, double rankMillis) {

    /** The sum of the stages. */
    public double totalMillis() {
        return speechMillis + diffusionMillis + decodeMillis + rankMillis;
    }
}
