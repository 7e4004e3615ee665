package org.speaktheart.diffusion.network;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * Shape of the VQ-Diffusion denoiser: a Transformer over the image-token grid that predicts
 * {@code p(x0 | x_t)} (x0-parameterisation), conditioned on a timestep and a pooled condition
 * vector (speech or text embedding), optionally also on condition tokens projected from it and on a
 * condition sequence through cross-attention.
 *
 * @param codebookSize K, the number of image tokens (the model reads K + 1 ids: id K is [MASK])
 * @param gridHeight token grid rows
 * @param gridWidth token grid columns
 * @param width Transformer width d
 * @param depth number of blocks
 * @param heads attention heads (divide width)
 * @param mlpRatio MLP inner width = mlpRatio x width
 * @param conditionDim width of the pooled condition vector
 * @param crossAttention whether blocks also attend to a condition sequence
 * @param conditionSequenceDim width of the condition sequence (used only with cross-attention)
 * @param timesteps T, the number of diffusion steps (timesteps run 0 .. T - 1)
 * @param dropout dropout inside blocks while training, in [0, 1)
 * @param conditionDropout probability of replacing the condition by the learned null condition
 *     while training (for classifier-free guidance), in [0, 1)
 * @param conditionScale factor the pooled condition (or the null condition in its place) is multiplied by
 *     before it modulates the blocks, finite and > 0. A unit-length teacher embedding of width C has
 *     components of about 1/sqrt(C), far smaller than the timestep embedding's, and Adam's steps move the
 *     modulation in proportion to its input; sqrt(C) brings the condition to the timestep embedding's
 *     scale. 1 (the default, and the value of every configuration written before the field existed) leaves
 *     it as it is.
 * @param conditionTokens S, the number of condition tokens (0 = none, the default and the value of every
 *     configuration written before the field existed): the scaled pooled condition is projected to S vectors of
 *     width d that join the grid's sequence in every block's self-attention (in-context conditioning) and are
 *     dropped before the logits. The AdaLN modulation moves every grid cell alike; these tokens let each cell
 *     attend to its own mixture of the condition, a path wide enough to set a layout. At most 64.
 */
public record DenoiserConfig(int codebookSize, int gridHeight, int gridWidth, int width, int depth, int heads,
                             int mlpRatio, int conditionDim, boolean crossAttention, int conditionSequenceDim,
                             int timesteps, float dropout, float conditionDropout, float conditionScale,
                             int conditionTokens) {

    /** Version of this configuration's JSON form. */
    public static final int FORMAT_VERSION = 1;
    /** The largest number of condition tokens a configuration accepts. */
    public static final int MAX_CONDITION_TOKENS = 64;
    private static final Gson GSON = new GsonBuilder().create();

    public DenoiserConfig {
        requirePositive("codebookSize", codebookSize);
        requirePositive("gridHeight", gridHeight);
        requirePositive("gridWidth", gridWidth);
        requirePositive("width", width);
        requirePositive("depth", depth);
        requirePositive("heads", heads);
        requirePositive("mlpRatio", mlpRatio);
        requirePositive("conditionDim", conditionDim);
        requirePositive("timesteps", timesteps);
        if (width % heads != 0) {
            throw new IllegalArgumentException("width (" + width + ") must be a multiple of heads (" + heads + ")");
        }
        if (width % 2 != 0 || width < 4) {
            throw new IllegalArgumentException("width must be even and >= 4 for the timestep embedding, got " + width);
        }
        if (crossAttention) {
            requirePositive("conditionSequenceDim", conditionSequenceDim);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!(conditionDropout >= 0 && conditionDropout < 1)) {
            throw new IllegalArgumentException("conditionDropout must be in [0, 1), got " + conditionDropout);
        }
        if (!(conditionScale > 0 && Float.isFinite(conditionScale))) {
            throw new IllegalArgumentException("conditionScale must be finite and > 0, got " + conditionScale);
        }
        if (conditionTokens < 0 || conditionTokens > MAX_CONDITION_TOKENS) {
            throw new IllegalArgumentException("conditionTokens must be in [0, " + MAX_CONDITION_TOKENS
                    + "] (0 = none), got " + conditionTokens);
        }
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
    }

    /** Number of tokens in a grid, N = height x width. */
    public int tokens() {
        return gridHeight * gridWidth;
    }

    /** The [MASK] id, equal to K. */
    public int maskId() {
        return codebookSize;
    }

    /**
     * A CPU-trainable preset: 4 blocks x 128 wide, 4 heads, T = 100.
     *
     * @param codebookSize K of the tokenizer
     * @param gridSide tokens per side of the grid
     * @param conditionDim width of the condition vector
     */
    public static DenoiserConfig tiny(int codebookSize, int gridSide, int conditionDim) {
        return builder().codebookSize(codebookSize).grid(gridSide, gridSide).width(128).depth(4).heads(4)
                .conditionDim(conditionDim).timesteps(100).build();
    }

    /**
     * The STA paper's generator: 24 blocks x 512 wide, 16 heads, 16x16 tokens, K = 974, T = 100,
     * conditioned on a 1024-d speech vector. Built and exportable; meant for GPU training.
     */
    public static DenoiserConfig staPaper() {
        return builder().codebookSize(974).grid(16, 16).width(512).depth(24).heads(16).conditionDim(1024)
                .timesteps(100).build();
    }

    /** This configuration as JSON (with a format version). */
    public String toJson() {
        com.google.gson.JsonObject o = GSON.toJsonTree(this).getAsJsonObject();
        o.addProperty("formatVersion", FORMAT_VERSION);
        return GSON.toJson(o);
    }

    /**
     * Reads a configuration written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException on malformed JSON, an unknown format version or invalid values
     */
    public static DenoiserConfig fromJson(String json) {
        try {
            com.google.gson.JsonObject o = GSON.fromJson(json, com.google.gson.JsonObject.class);
            if (o == null || !o.has("formatVersion") || o.get("formatVersion").getAsInt() != FORMAT_VERSION) {
                throw new IllegalArgumentException("denoiser config JSON has format version "
                        + (o == null || !o.has("formatVersion") ? "none" : o.get("formatVersion"))
                        + "; this library reads version " + FORMAT_VERSION);
            }
            if (!o.has("conditionScale")) {
                o.addProperty("conditionScale", 1f); // written before the field existed
            }
            if (!o.has("conditionTokens")) {
                o.addProperty("conditionTokens", 0); // written before the field existed
            }
            return GSON.fromJson(o, DenoiserConfig.class);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("malformed denoiser config JSON: " + e.getMessage(), e);
        }
    }

    /** A builder with the tiny preset's defaults except the required codebook, grid and condition sizes. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link DenoiserConfig}. */
    public static final class Builder {
        private int codebookSize;
        private int gridHeight;
        private int gridWidth;
        private int width = 128;
        private int depth = 4;
        private int heads = 4;
        private int mlpRatio = 4;
        private int conditionDim;
        private boolean crossAttention;
        private int conditionSequenceDim;
        private int timesteps = 100;
        private float dropout;
        private float conditionDropout = 0.1f;
        private float conditionScale = 1f;
        private int conditionTokens;

        private Builder() {
        }

        /** K (required). */
        public Builder codebookSize(int v) {
            codebookSize = v;
            return this;
        }

        /** Grid rows and columns (required). */
        public Builder grid(int rows, int cols) {
            gridHeight = rows;
            gridWidth = cols;
            return this;
        }

        /** Transformer width (default 128). */
        public Builder width(int v) {
            width = v;
            return this;
        }

        /** Number of blocks (default 4). */
        public Builder depth(int v) {
            depth = v;
            return this;
        }

        /** Attention heads (default 4). */
        public Builder heads(int v) {
            heads = v;
            return this;
        }

        /** MLP ratio (default 4). */
        public Builder mlpRatio(int v) {
            mlpRatio = v;
            return this;
        }

        /** Pooled condition width (required). */
        public Builder conditionDim(int v) {
            conditionDim = v;
            return this;
        }

        /** Adds cross-attention to a condition sequence of the given width (default off). */
        public Builder crossAttention(int sequenceDim) {
            crossAttention = true;
            conditionSequenceDim = sequenceDim;
            return this;
        }

        /** Diffusion steps T (default 100). */
        public Builder timesteps(int v) {
            timesteps = v;
            return this;
        }

        /** Dropout inside blocks (default 0). */
        public Builder dropout(float v) {
            dropout = v;
            return this;
        }

        /** Condition dropout for classifier-free guidance (default 0.1). */
        public Builder conditionDropout(float v) {
            conditionDropout = v;
            return this;
        }

        /** Factor applied to the pooled condition (default 1; sqrt of the condition width puts it at unit RMS). */
        public Builder conditionScale(float v) {
            conditionScale = v;
            return this;
        }

        /** Condition tokens joining the grid's self-attention (default 0 = none). */
        public Builder conditionTokens(int v) {
            conditionTokens = v;
            return this;
        }

        /** The validated configuration. */
        public DenoiserConfig build() {
            return new DenoiserConfig(codebookSize, gridHeight, gridWidth, width, depth, heads, mlpRatio, conditionDim,
                    crossAttention, conditionSequenceDim, timesteps, dropout, conditionDropout, conditionScale,
                    conditionTokens);
        }
    }
}
