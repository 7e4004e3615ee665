package org.speaktheart.vqvae;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.util.List;
import java.util.Objects;

/**
 * The VQ-VAE network and loss configuration. Immutable; build with {@link #builder()} or start from
 * a preset ({@link #tiny()}, {@link #staPaper()}) and change fields with {@link #toBuilder()}.
 * Every field is validated on construction (also when read from JSON) with messages naming it.
 *
 * <p>Shapes: images are {@code [B, 3, imageSize, imageSize]} RGB in {@link #pixelRange()}; the
 * encoder halves the side once per extra entry of {@link #channelMultipliers()}, so the token grid
 * is {@code tokenSide() x tokenSide()} with {@code tokenSide = imageSize / downsampleFactor}; each
 * token is one of {@link #codebookSize()} codes of dimension {@link #codeDim()}.
 *
 * @param imageSize image side in pixels (square images)
 * @param baseChannels channels after the stem convolution
 * @param channelMultipliers per resolution level, channels = baseChannels * multiplier; the number
 *     of downsamplings is {@code size - 1}
 * @param resBlocksPerLevel residual blocks at each level (encoder and decoder)
 * @param groups GroupNorm groups (divides every channel count)
 * @param codeDim dimension D of a code vector
 * @param codebookSize number K of codes
 * @param l2NormalizedCodes when true, encoder outputs and codes are l2-normalised before the
 *     nearest-code search and the normalised code is decoded (cosine-similarity lookup)
 * @param emaDecay decay of the exponential-moving-average codebook update in (0, 1); 0 turns EMA
 *     off and the codebook is learned by gradient through the codebook loss
 * @param commitmentWeight weight beta of the commitment loss {@code |z - sg(q)|^2}
 * @param deadCodeThreshold a code chosen fewer than this many times since the last restart check is
 *     re-initialised from a random encoder output; 0 turns restarts off
 * @param pixelRange how pixels are scaled
 * @param l1Weight weight of the mean absolute pixel error
 * @param l2Weight weight of the mean squared pixel error
 * @param edgeWeight weight of the mean absolute error of horizontal and vertical pixel differences
 */
public record VqVaeConfig(int imageSize, int baseChannels, List<Integer> channelMultipliers, int resBlocksPerLevel,
                          int groups, int codeDim, int codebookSize, boolean l2NormalizedCodes, float emaDecay,
                          float commitmentWeight, float deadCodeThreshold, PixelRange pixelRange, float l1Weight,
                          float l2Weight, float edgeWeight) {

    /** Version of the JSON layout written by {@link #toJson()}. */
    public static final int FORMAT_VERSION = 1;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public VqVaeConfig {
        require(imageSize > 0, "imageSize", imageSize, "> 0");
        require(baseChannels > 0, "baseChannels", baseChannels, "> 0");
        if (channelMultipliers == null || channelMultipliers.isEmpty()) {
            throw new VqVaeException("channelMultipliers is " + channelMultipliers + "; accepted: a non-empty list of positive integers");
        }
        channelMultipliers = List.copyOf(channelMultipliers);
        for (Integer m : channelMultipliers) {
            if (m == null || m <= 0) {
                throw new VqVaeException("channelMultipliers " + channelMultipliers + " holds " + m + "; accepted: positive integers");
            }
        }
        require(resBlocksPerLevel >= 0, "resBlocksPerLevel", resBlocksPerLevel, ">= 0");
        require(groups > 0, "groups", groups, "> 0");
        for (Integer m : channelMultipliers) {
            if ((baseChannels * m) % groups != 0) {
                throw new VqVaeException("groups " + groups + " does not divide level width baseChannels*" + m + " = "
                        + baseChannels * m + "; accepted: groups dividing every level width");
            }
        }
        require(codeDim > 0, "codeDim", codeDim, "> 0");
        require(codebookSize >= 2, "codebookSize", codebookSize, ">= 2");
        int factor = 1 << (channelMultipliers.size() - 1);
        if (imageSize % factor != 0) {
            throw new VqVaeException("imageSize " + imageSize + " is not divisible by the downsampling factor " + factor
                    + " (2^(channelMultipliers.size()-1)); accepted: a multiple of " + factor);
        }
        if (!(emaDecay == 0f || (emaDecay > 0f && emaDecay < 1f))) {
            throw new VqVaeException("emaDecay is " + emaDecay + "; accepted: 0 (off) or a value in (0, 1)");
        }
        require(commitmentWeight >= 0f, "commitmentWeight", commitmentWeight, ">= 0");
        require(deadCodeThreshold >= 0f, "deadCodeThreshold", deadCodeThreshold, ">= 0");
        if (pixelRange == null) {
            throw new VqVaeException("pixelRange is missing; accepted: " + List.of(PixelRange.values()));
        }
        require(l1Weight >= 0f, "l1Weight", l1Weight, ">= 0");
        require(l2Weight >= 0f, "l2Weight", l2Weight, ">= 0");
        require(edgeWeight >= 0f, "edgeWeight", edgeWeight, ">= 0");
        if (l1Weight + l2Weight == 0f) {
            throw new VqVaeException("l1Weight and l2Weight are both 0; accepted: at least one pixel loss weight > 0");
        }
    }

    private static void require(boolean ok, String field, Object value, String accepted) {
        if (!ok) {
            throw new VqVaeException(field + " is " + value + "; accepted: " + accepted);
        }
    }

    /** Factor by which the image side shrinks to the token grid side. */
    public int downsampleFactor() {
        return 1 << (channelMultipliers.size() - 1);
    }

    /** Side of the token grid. */
    public int tokenSide() {
        return imageSize / downsampleFactor();
    }

    /** Channels at resolution level {@code level} (0 = full resolution). */
    public int levelChannels(int level) {
        return baseChannels * channelMultipliers.get(level);
    }

    /** True when the codebook follows an exponential moving average instead of gradients. */
    public boolean usesEma() {
        return emaDecay > 0f;
    }

    /**
     * The preset trained on 2 CPU cores: 64x64 RGB, 16x16 tokens (downsampling 4), 512 codes of
     * dimension 32, widths 32/64/64; see docs/vqvae.md for the timing that chose it.
     */
    public static VqVaeConfig tiny() {
        return builder().imageSize(64).baseChannels(32).channelMultipliers(1, 2, 2).resBlocksPerLevel(1).groups(8)
                .codeDim(32).codebookSize(512).build();
    }

    /**
     * The paper-scale preset (the ImageNet VQGAN's shape): 256x256 RGB, 16x16 tokens (downsampling
     * 16), widths 128/128/256/256/512, two residual blocks per level, 16384 codes of dimension 256.
     * Built and exportable; meant for GPU training.
     */
    public static VqVaeConfig staPaper() {
        return builder().imageSize(256).baseChannels(128).channelMultipliers(1, 1, 2, 2, 4).resBlocksPerLevel(2)
                .groups(32).codeDim(256).codebookSize(16384).build();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder with the defaults of {@link #tiny()} except where set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration as JSON (field names as in this record, plus {@code formatVersion}). */
    public String toJson() {
        com.google.gson.JsonObject o = GSON.toJsonTree(this).getAsJsonObject();
        o.addProperty("formatVersion", FORMAT_VERSION);
        return GSON.toJson(o);
    }

    /**
     * Reads a configuration written by {@link #toJson()}.
     *
     * @throws VqVaeException when the JSON is malformed, of an unknown format version or invalid
     */
    public static VqVaeConfig fromJson(String json) {
        Objects.requireNonNull(json, "json");
        try {
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
            int version = o.has("formatVersion") ? o.get("formatVersion").getAsInt() : -1;
            if (version != FORMAT_VERSION) {
                throw new VqVaeException("VQ-VAE config formatVersion is " + (version < 0 ? "missing" : version)
                        + "; accepted: " + FORMAT_VERSION);
            }
            o.remove("formatVersion");
            VqVaeConfig c;
            try {
                c = GSON.fromJson(o, VqVaeConfig.class);
            } catch (RuntimeException e) {
                // Gson wraps the record constructor's validation error; report that one.
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof VqVaeException v) {
                        throw v;
                    }
                }
                throw e;
            }
            if (c == null) {
                throw new VqVaeException("VQ-VAE config JSON is empty");
            }
            return c;
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new VqVaeException("VQ-VAE config is not valid JSON of the expected layout: " + e.getMessage(), e);
        }
    }

    /** Builder of {@link VqVaeConfig}; defaults are the {@link #tiny()} preset's values. */
    public static final class Builder {
        private int imageSize = 64;
        private int baseChannels = 32;
        private List<Integer> channelMultipliers = List.of(1, 2, 2);
        private int resBlocksPerLevel = 1;
        private int groups = 8;
        private int codeDim = 32;
        private int codebookSize = 512;
        private boolean l2NormalizedCodes = false;
        private float emaDecay = 0.99f;
        private float commitmentWeight = 0.25f;
        private float deadCodeThreshold = 1f;
        private PixelRange pixelRange = PixelRange.MINUS_ONE_ONE;
        private float l1Weight = 1f;
        private float l2Weight = 0f;
        private float edgeWeight = 0.5f;

        private Builder() {
        }

        private Builder(VqVaeConfig c) {
            imageSize = c.imageSize;
            baseChannels = c.baseChannels;
            channelMultipliers = c.channelMultipliers;
            resBlocksPerLevel = c.resBlocksPerLevel;
            groups = c.groups;
            codeDim = c.codeDim;
            codebookSize = c.codebookSize;
            l2NormalizedCodes = c.l2NormalizedCodes;
            emaDecay = c.emaDecay;
            commitmentWeight = c.commitmentWeight;
            deadCodeThreshold = c.deadCodeThreshold;
            pixelRange = c.pixelRange;
            l1Weight = c.l1Weight;
            l2Weight = c.l2Weight;
            edgeWeight = c.edgeWeight;
        }

        /** Image side in pixels. */
        public Builder imageSize(int v) {
            imageSize = v;
            return this;
        }

        /** Channels after the stem. */
        public Builder baseChannels(int v) {
            baseChannels = v;
            return this;
        }

        /** Width multipliers per level; {@code n} entries give {@code n - 1} downsamplings. */
        public Builder channelMultipliers(int... v) {
            Integer[] boxed = new Integer[v.length];
            for (int i = 0; i < v.length; i++) {
                boxed[i] = v[i];
            }
            channelMultipliers = List.of(boxed);
            return this;
        }

        /** Residual blocks per level. */
        public Builder resBlocksPerLevel(int v) {
            resBlocksPerLevel = v;
            return this;
        }

        /** GroupNorm groups. */
        public Builder groups(int v) {
            groups = v;
            return this;
        }

        /** Code vector dimension. */
        public Builder codeDim(int v) {
            codeDim = v;
            return this;
        }

        /** Number of codes. */
        public Builder codebookSize(int v) {
            codebookSize = v;
            return this;
        }

        /** Cosine (l2-normalised) code lookup. */
        public Builder l2NormalizedCodes(boolean v) {
            l2NormalizedCodes = v;
            return this;
        }

        /** EMA decay, 0 for a gradient-learned codebook. */
        public Builder emaDecay(float v) {
            emaDecay = v;
            return this;
        }

        /** Commitment loss weight. */
        public Builder commitmentWeight(float v) {
            commitmentWeight = v;
            return this;
        }

        /** Minimum uses between restart checks below which a code is restarted; 0 = off. */
        public Builder deadCodeThreshold(float v) {
            deadCodeThreshold = v;
            return this;
        }

        /** Pixel scaling. */
        public Builder pixelRange(PixelRange v) {
            pixelRange = v;
            return this;
        }

        /** L1 pixel loss weight. */
        public Builder l1Weight(float v) {
            l1Weight = v;
            return this;
        }

        /** L2 pixel loss weight. */
        public Builder l2Weight(float v) {
            l2Weight = v;
            return this;
        }

        /** Edge (image gradient) loss weight. */
        public Builder edgeWeight(float v) {
            edgeWeight = v;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws VqVaeException naming the first invalid field
         */
        public VqVaeConfig build() {
            return new VqVaeConfig(imageSize, baseChannels, channelMultipliers, resBlocksPerLevel, groups, codeDim,
                    codebookSize, l2NormalizedCodes, emaDecay, commitmentWeight, deadCodeThreshold, pixelRange, l1Weight,
                    l2Weight, edgeWeight);
        }
    }
}
