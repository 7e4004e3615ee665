package org.speaktheart.pipeline.recipe;

import org.speaktheart.diffusion.loss.LossConfig;
import org.speaktheart.diffusion.network.DenoiserConfig;

/**
 * How the recipe trains the denoiser (always trained by the recipe). Build with {@link #builder()}
 * (from the defaults) or {@link #toBuilder()}.
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
 * @param conditionNoise largest strength of the training-time condition noise ({@code ConditionNoise} of
 *     sta-diffusion: each drawn condition keeps its norm and moves to a cosine of about
 *     {@code 1 / sqrt(1 + s^2)} with its clean direction, s uniform in [0, conditionNoise]), in [0, 10]; 0 = off
 * @param conditionScale factor the network applies to its condition ({@code DenoiserConfig.conditionScale} of
 *     sta-diffusion), in (0, 1000]; 1 = as given, the square root of the teacher's width = unit RMS per component
 * @param auxiliaryWeight lambda of the loss's auxiliary x0 cross-entropy ({@code LossConfig} of sta-diffusion),
 *     in [0, 100]; the VQ-Diffusion value 5e-4 leaves the variational bound in charge, larger values train the
 *     x0 prediction directly (about 0.02 weighs both alike on a 50-step schedule)
 * @param conditionTokens condition tokens the network projects its condition to and places beside the grid in
 *     every block's self-attention ({@code DenoiserConfig.conditionTokens} of sta-diffusion), in [0, 64]; 0 = none
 */
public record DenoiserOptions(int width, int depth, int heads, int diffusionSteps, int steps, int batchSize,
                              double learningRate, double emaDecay, float conditionDropout, ConditionMix mix,
                              double conditionNoise, double conditionScale, double auxiliaryWeight,
                              int conditionTokens) {

    /** The default auxiliary weight: VQ-Diffusion's, kept in sta-diffusion's {@code LossConfig}. */
    private static final double VQ_DIFFUSION_AUXILIARY_WEIGHT = LossConfig.VQ_DIFFUSION.auxiliaryWeight();

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
        RecipeConfig.require(conditionNoise >= 0 && conditionNoise <= 10, "denoiser.conditionNoise", conditionNoise,
                "in [0, 10] (0 = off)");
        RecipeConfig.require(conditionScale > 0 && conditionScale <= 1000, "denoiser.conditionScale", conditionScale,
                "in (0, 1000] (1 = the condition as given)");
        RecipeConfig.require(auxiliaryWeight >= 0 && auxiliaryWeight <= 100, "denoiser.auxiliaryWeight",
                auxiliaryWeight, "in [0, 100] (" + VQ_DIFFUSION_AUXILIARY_WEIGHT + " = VQ-Diffusion's)");
        RecipeConfig.require(conditionTokens >= 0 && conditionTokens <= DenoiserConfig.MAX_CONDITION_TOKENS,
                "denoiser.conditionTokens", conditionTokens, "in [0, " + DenoiserConfig.MAX_CONDITION_TOKENS
                        + "] (0 = none)");
    }

    /**
     * The record's usual form, naming the condition noise only when it is on, the condition scale only
     * when it is not 1, the auxiliary weight only when it is not VQ-Diffusion's and the condition tokens only
     * when there are some: the recipe keys a stage
     * by this text, so denoiser stages trained before the options existed keep their keys and still resume.
     */
    @Override
    public String toString() {
        return "DenoiserOptions[width=" + width + ", depth=" + depth + ", heads=" + heads + ", diffusionSteps="
                + diffusionSteps + ", steps=" + steps + ", batchSize=" + batchSize + ", learningRate=" + learningRate
                + ", emaDecay=" + emaDecay + ", conditionDropout=" + conditionDropout + ", mix=" + mix
                + (conditionNoise > 0 ? ", conditionNoise=" + conditionNoise : "")
                + (conditionScale != 1 ? ", conditionScale=" + conditionScale : "")
                + (auxiliaryWeight != VQ_DIFFUSION_AUXILIARY_WEIGHT ? ", auxiliaryWeight=" + auxiliaryWeight : "")
                + (conditionTokens > 0 ? ", conditionTokens=" + conditionTokens : "") + "]";
    }

    /** The training loss's weights: VQ-Diffusion's, with this auxiliary weight. */
    public LossConfig loss() {
        LossConfig v = LossConfig.VQ_DIFFUSION;
        return new LossConfig(auxiliaryWeight, v.adaptiveAuxiliary(), v.maskedWeight(), v.unmaskedWeight());
    }

    /**
     * Sized for a 2-core CPU in about an hour: 128 wide, 4 blocks, 4 heads, T = 50, 4000 steps of 16 at
     * 1e-3, EMA 0.999, 10% null condition, the default mix, no condition noise, the condition as given,
     * VQ-Diffusion's auxiliary weight, no condition tokens.
     */
    public static DenoiserOptions defaults() {
        return new DenoiserOptions(128, 4, 4, 50, 4000, 16, 1e-3, 0.999, 0.1f, ConditionMix.defaults(), 0, 1,
                VQ_DIFFUSION_AUXILIARY_WEIGHT, 0);
    }

    /** A builder starting from {@link #defaults()}; {@link Builder#build()} validates. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets the options by name; the fields mean what the record's components do. */
    public static final class Builder {
        private int width;
        private int depth;
        private int heads;
        private int diffusionSteps;
        private int steps;
        private int batchSize;
        private double learningRate;
        private double emaDecay;
        private float conditionDropout;
        private ConditionMix mix;
        private double conditionNoise;
        private double conditionScale;
        private double auxiliaryWeight;
        private int conditionTokens;

        private Builder(DenoiserOptions o) {
            width = o.width;
            depth = o.depth;
            heads = o.heads;
            diffusionSteps = o.diffusionSteps;
            steps = o.steps;
            batchSize = o.batchSize;
            learningRate = o.learningRate;
            emaDecay = o.emaDecay;
            conditionDropout = o.conditionDropout;
            mix = o.mix;
            conditionNoise = o.conditionNoise;
            conditionScale = o.conditionScale;
            auxiliaryWeight = o.auxiliaryWeight;
            conditionTokens = o.conditionTokens;
        }

        /** @param v Transformer width @return this */
        public Builder width(int v) {
            width = v;
            return this;
        }

        /** @param v Transformer blocks @return this */
        public Builder depth(int v) {
            depth = v;
            return this;
        }

        /** @param v attention heads @return this */
        public Builder heads(int v) {
            heads = v;
            return this;
        }

        /** @param v T of the noise schedule @return this */
        public Builder diffusionSteps(int v) {
            diffusionSteps = v;
            return this;
        }

        /** @param v optimizer steps @return this */
        public Builder steps(int v) {
            steps = v;
            return this;
        }

        /** @param v token grids per step @return this */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param v peak learning rate @return this */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** @param v weight-average decay, 0 = raw weights @return this */
        public Builder emaDecay(double v) {
            emaDecay = v;
            return this;
        }

        /** @param v probability of the null condition in training @return this */
        public Builder conditionDropout(float v) {
            conditionDropout = v;
            return this;
        }

        /** @param v which conditions the pairs carry @return this */
        public Builder mix(ConditionMix v) {
            mix = v;
            return this;
        }

        /** @param v largest training-time condition noise, 0 = off @return this */
        public Builder conditionNoise(double v) {
            conditionNoise = v;
            return this;
        }

        /** @param v factor the network applies to its condition @return this */
        public Builder conditionScale(double v) {
            conditionScale = v;
            return this;
        }

        /** @param v lambda of the auxiliary x0 cross-entropy @return this */
        public Builder auxiliaryWeight(double v) {
            auxiliaryWeight = v;
            return this;
        }

        /** @param v condition tokens beside the grid, 0 = none @return this */
        public Builder conditionTokens(int v) {
            conditionTokens = v;
            return this;
        }

        /**
         * The options.
         *
         * @throws RecipeException naming the first field out of range
         */
        public DenoiserOptions build() {
            return new DenoiserOptions(width, depth, heads, diffusionSteps, steps, batchSize, learningRate, emaDecay,
                    conditionDropout, mix, conditionNoise, conditionScale, auxiliaryWeight, conditionTokens);
        }
    }
}
