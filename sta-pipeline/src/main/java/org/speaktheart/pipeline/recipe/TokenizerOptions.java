package org.speaktheart.pipeline.recipe;

/**
 * How the recipe trains the VQ-VAE tokenizer when none is provided.
 *
 * @param imageSize picture side in pixels (multiple of 4, >= 16)
 * @param codebookSize codes K (>= 2)
 * @param baseChannels width of the first level (>= 4)
 * @param codeDim code vector dimension (>= 2)
 * @param steps optimizer steps (>= 1)
 * @param batchSize pictures per step (>= 1)
 * @param learningRate peak learning rate (> 0)
 */
public record TokenizerOptions(int imageSize, int codebookSize, int baseChannels, int codeDim, int steps, int batchSize,
                               double learningRate) {

    public TokenizerOptions {
        RecipeConfig.require(imageSize >= 16 && imageSize % 4 == 0, "tokenizer.imageSize", imageSize, "a multiple of 4, >= 16");
        RecipeConfig.require(codebookSize >= 2, "tokenizer.codebookSize", codebookSize, ">= 2");
        RecipeConfig.require(baseChannels >= 4, "tokenizer.baseChannels", baseChannels, ">= 4");
        RecipeConfig.require(codeDim >= 2, "tokenizer.codeDim", codeDim, ">= 2");
        RecipeConfig.require(steps >= 1, "tokenizer.steps", steps, ">= 1");
        RecipeConfig.require(batchSize >= 1, "tokenizer.batchSize", batchSize, ">= 1");
        RecipeConfig.require(learningRate > 0, "tokenizer.learningRate", learningRate, "> 0");
    }

    /** 64 px, 512 codes, 32 base channels, 2000 steps of 16: about the committed tiny-emoji tokenizer. */
    public static TokenizerOptions defaults() {
        return new TokenizerOptions(64, 512, 32, 32, 2000, 16, 2e-3);
    }
}
