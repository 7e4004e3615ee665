package org.speaktheart.pipeline.recipe;

/**
 * How the recipe distils the speech encoder when none is provided.
 *
 * @param width Transformer width (>= 8, a multiple of heads)
 * @param layers Transformer layers (>= 1)
 * @param heads attention heads (>= 1)
 * @param steps optimizer steps (>= 1)
 * @param batchSize clips per step (>= 2: the loss is contrastive)
 * @param learningRate peak learning rate (> 0)
 * @param noise probability of adding white noise at 10-30 dB to a training clip, in [0, 1]
 */
public record EncoderOptions(int width, int layers, int heads, int steps, int batchSize, double learningRate, double noise) {

    public EncoderOptions {
        RecipeConfig.require(heads >= 1, "encoder.heads", heads, ">= 1");
        RecipeConfig.require(width >= 8 && width % heads == 0, "encoder.width", width, ">= 8 and a multiple of heads");
        RecipeConfig.require(layers >= 1, "encoder.layers", layers, ">= 1");
        RecipeConfig.require(steps >= 1, "encoder.steps", steps, ">= 1");
        RecipeConfig.require(batchSize >= 2, "encoder.batchSize", batchSize, ">= 2");
        RecipeConfig.require(learningRate > 0, "encoder.learningRate", learningRate, "> 0");
        RecipeConfig.require(noise >= 0 && noise <= 1, "encoder.noise", noise, "in [0, 1]");
    }

    /** 192 wide, 4 layers, 4 heads, 3000 steps of 64 (the sta-encoder command's defaults). */
    public static EncoderOptions defaults() {
        return new EncoderOptions(192, 4, 4, 3000, 64, 1e-3, 0.5);
    }
}
