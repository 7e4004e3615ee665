package org.speaktheart.teacher;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.util.Arrays;

/**
 * Shape of the default teacher's image tower (see {@link ImageTower}).
 *
 * @param imageSize side of the square input image, pixels; divisible by {@code 2^levels}
 * @param baseChannels channels after the first convolution
 * @param channelMultipliers one entry per resolution level: that level's channels are
 *     {@code baseChannels * multiplier}; every level but the last halves the resolution
 * @param groups GroupNorm groups; divides every channel count
 * @param embeddingDim output embedding length (384 to match MiniLM)
 * @param preprocessing how images become the tower's input ({@code cropSize == imageSize})
 */
public record ImageTowerConfig(int imageSize, int baseChannels, int[] channelMultipliers, int groups, int embeddingDim,
                               ImagePreprocessing preprocessing) {
    private static final Gson GSON = new Gson();

    /** Validates; messages name the field. */
    public ImageTowerConfig {
        if (channelMultipliers == null || channelMultipliers.length == 0) {
            throw new TeacherInputException("ImageTowerConfig.channelMultipliers must hold at least one level, got "
                    + Arrays.toString(channelMultipliers));
        }
        channelMultipliers = channelMultipliers.clone();
        if (baseChannels <= 0) {
            throw new TeacherInputException("ImageTowerConfig.baseChannels must be > 0, got " + baseChannels);
        }
        if (groups <= 0) {
            throw new TeacherInputException("ImageTowerConfig.groups must be > 0, got " + groups);
        }
        for (int m : channelMultipliers) {
            if (m <= 0 || (baseChannels * m) % groups != 0) {
                throw new TeacherInputException("ImageTowerConfig.channelMultipliers entries must be > 0 and make channel counts"
                        + " divisible by groups=" + groups + ", got " + Arrays.toString(channelMultipliers));
            }
        }
        if (baseChannels % groups != 0) {
            throw new TeacherInputException("ImageTowerConfig.baseChannels must be divisible by groups=" + groups + ", got " + baseChannels);
        }
        int reduction = 1 << (channelMultipliers.length - 1);
        if (imageSize <= 0 || imageSize % reduction != 0) {
            throw new TeacherInputException("ImageTowerConfig.imageSize must be > 0 and divisible by " + reduction
                    + " (2^(levels-1)), got " + imageSize);
        }
        if (embeddingDim <= 0) {
            throw new TeacherInputException("ImageTowerConfig.embeddingDim must be > 0, got " + embeddingDim);
        }
        if (preprocessing == null || preprocessing.cropSize() != imageSize) {
            throw new TeacherInputException("ImageTowerConfig.preprocessing must crop to imageSize=" + imageSize + ", got "
                    + (preprocessing == null ? "null" : "cropSize " + preprocessing.cropSize()));
        }
    }

    @Override
    public int[] channelMultipliers() {
        return channelMultipliers.clone();
    }

    /** Channels of the last level (the width of the pooled feature). */
    public int finalChannels() {
        return baseChannels * channelMultipliers[channelMultipliers.length - 1];
    }

    /** A builder with the defaults of the default teacher (64 px, 32 base channels, levels 1-2-4-4, 8 groups, 384-d). */
    public static Builder builder() {
        return new Builder();
    }

    /** This configuration as JSON (stored in the exported model's metadata). */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** Parses {@link #toJson()} output. */
    public static ImageTowerConfig fromJson(String json) {
        try {
            ImageTowerConfig c = GSON.fromJson(json, ImageTowerConfig.class);
            if (c == null) {
                throw new TeacherLoadException("empty image tower configuration JSON");
            }
            return c;
        } catch (JsonParseException e) {
            throw new TeacherLoadException("invalid image tower configuration JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageTowerConfig c && imageSize == c.imageSize && baseChannels == c.baseChannels
                && Arrays.equals(channelMultipliers, c.channelMultipliers) && groups == c.groups
                && embeddingDim == c.embeddingDim && preprocessing.resizeTo() == c.preprocessing.resizeTo()
                && Arrays.equals(preprocessing.mean(), c.preprocessing.mean())
                && Arrays.equals(preprocessing.std(), c.preprocessing.std())
                && preprocessing.background() == c.preprocessing.background();
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    /** Builder of {@link ImageTowerConfig}; {@link #build()} validates. */
    public static final class Builder {
        private int imageSize = 64;
        private int baseChannels = 32;
        private int[] channelMultipliers = {1, 2, 4, 4};
        private int groups = 8;
        private int embeddingDim = MiniLmTextEncoder.DIMENSION;
        private ImagePreprocessing preprocessing;

        private Builder() {
        }

        /** Input side in pixels; the preprocessing defaults to {@link ImagePreprocessing#symmetric(int)} of it. */
        public Builder imageSize(int v) {
            imageSize = v;
            return this;
        }

        /** Channels after the first convolution. */
        public Builder baseChannels(int v) {
            baseChannels = v;
            return this;
        }

        /** Channel multipliers per level. */
        public Builder channelMultipliers(int... v) {
            channelMultipliers = v.clone();
            return this;
        }

        /** GroupNorm groups. */
        public Builder groups(int v) {
            groups = v;
            return this;
        }

        /** Embedding length. */
        public Builder embeddingDim(int v) {
            embeddingDim = v;
            return this;
        }

        /** Preprocessing (its crop must equal the image size). */
        public Builder preprocessing(ImagePreprocessing v) {
            preprocessing = v;
            return this;
        }

        /** Validates and builds. */
        public ImageTowerConfig build() {
            return new ImageTowerConfig(imageSize, baseChannels, channelMultipliers, groups, embeddingDim,
                    preprocessing == null ? ImagePreprocessing.symmetric(imageSize) : preprocessing);
        }
    }
}
