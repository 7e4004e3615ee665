package org.speaktheart.pipeline.recipe;

/**
 * How the recipe trains the default teacher's image tower (against the frozen MiniLM text tower)
 * when none is provided.
 *
 * @param imageSize tower input side in pixels (>= 16)
 * @param baseChannels width of the first level (>= 4, a multiple of 4)
 * @param steps optimizer steps (>= 1)
 * @param batchSize pictures per step (>= 2: the loss is contrastive)
 * @param learningRate peak learning rate (> 0)
 */
public record TeacherOptions(int imageSize, int baseChannels, int steps, int batchSize, double learningRate) {

    public TeacherOptions {
        RecipeConfig.require(imageSize >= 16, "teacher.imageSize", imageSize, ">= 16");
        RecipeConfig.require(baseChannels >= 4 && baseChannels % 4 == 0, "teacher.baseChannels", baseChannels,
                "a multiple of 4, >= 4");
        RecipeConfig.require(steps >= 1, "teacher.steps", steps, ">= 1");
        RecipeConfig.require(batchSize >= 2, "teacher.batchSize", batchSize, ">= 2");
        RecipeConfig.require(learningRate > 0, "teacher.learningRate", learningRate, "> 0");
    }

    /** 64 px, 32 base channels, 3000 steps of 64. */
    public static TeacherOptions defaults() {
        return new TeacherOptions(64, 32, 3000, 64, 1e-3);
    }
}
