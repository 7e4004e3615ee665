package org.speaktheart.pipeline.recipe;

/**
 * How the recipe trains the denoiser (always trained by the recipe).
 *
 * @param width Transformer width (a multiple of heads)
 * @param depth Transformer blocks (>= 1)
 * @param heads attention heads (>= 1)
 * @param diffusionSteps T of the noise schedule (>= 2); the bundle's sampler runs all of them
 * @param steps optimizer steps (>= 1)
 * @param batchSize token grids per step (>= 1)
 * @param learningRate peak learning rate (> 0)
 * @param emaDecay decay of the weight average exported instead of the raw weights; 0 exports the raw
 *     weights (0 or in (0, 1))
 * @param conditionDropout probability of training with the learned null condition, which classifier-free
 *     guidance needs at sampling time, in [0, 1)
 * @param mix which conditions the pairs carry
 */
public record DenoiserOptions(int width, int depth, int heads, int diffusionSteps, int steps, int batchSize,
                              double learningRate, double emaDecay, float conditionDropout, ConditionMix mix) {

    public DenoiserOptions {
        RecipeConfig.require(heads >= 1, "denoiser.heads", heads, ">= 1");
        RecipeConfig.require(width >= 8 && width % heads == 0, "denoiser.width", width, ">= 8 and a multiple of heads");
        RecipeConfig.require(depth >= 1, "denoiser.depth", depth, ">= 1");
        RecipeConfig.require(diffusionSteps >= 2, "denoiser.diffusionSteps", diffusionSteps, ">= 2");
        RecipeConfig.require(steps >= 1, "denoiser.steps", steps, ">= 1");
        RecipeConfig.require(batchSize >= 1, "denoiser.batchSize", batchSize, ">= 1");
        RecipeConfig.require(learningRate > 0, "denoiser.learningRate", learningRate, "> 0");
        RecipeConfig.require(emaDecay == 0 || (emaDecay > 0 && emaDecay < 1), "denoiser.emaDecay", emaDecay, "0 or in (0, 1)");
        RecipeConfig.require(conditionDropout >= 0 && conditionDropout < 1, "denoiser.conditionDropout", conditionDropout,
                "in [0, 1)");
        if (mix == null) {
            throw new RecipeException("denoiser.mix must be set");
        }
    }

    /**
     * Sized for a 2-core CPU in about an hour: 128 wide, 4 blocks, 4 heads, T = 50, 4000 steps of 16 at
     * 1e-3, EMA 0.999, 10% null condition, the default mix.
     */
    public static DenoiserOptions defaults() {
        return new DenoiserOptions(128, 4, 4, 50, 4000, 16, 1e-3, 0.999, 0.1f, ConditionMix.defaults());
    }
}
