package org.speaktheart.pipeline.eval;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.util.Arrays;

/**
 * Shape of the judge classifier ({@link JudgeNetwork}); stored as JSON in the judge's ONNX metadata.
 *
 * @param imageSize side of the square input in pixels (a multiple of 2^(levels - 1), >= 8)
 * @param baseChannels channels after the stem convolution (a multiple of groups)
 * @param channelMultipliers channel multiplier per level, e.g. {@code {1, 2, 2}}
 * @param groups GroupNorm groups
 * @param classes number of concepts (>= 2)
 */
public record JudgeConfig(int imageSize, int baseChannels, int[] channelMultipliers, int groups, int classes) {
    private static final Gson GSON = new Gson();

    /** Validates every field and copies the array. */
    public JudgeConfig {
        if (channelMultipliers == null || channelMultipliers.length == 0) {
            throw new EvaluationException("JudgeConfig.channelMultipliers must hold at least one level, got "
                    + Arrays.toString(channelMultipliers));
        }
        channelMultipliers = channelMultipliers.clone();
        if (groups < 1 || baseChannels < groups || baseChannels % groups != 0) {
            throw new EvaluationException("JudgeConfig.baseChannels must be a positive multiple of groups=" + groups
                    + ", got " + baseChannels);
        }
        for (int m : channelMultipliers) {
            if (m < 1) {
                throw new EvaluationException("JudgeConfig.channelMultipliers must be >= 1, got " + Arrays.toString(channelMultipliers));
            }
        }
        int reduction = 1 << (channelMultipliers.length - 1);
        if (imageSize < 8 || imageSize % reduction != 0) {
            throw new EvaluationException("JudgeConfig.imageSize must be >= 8 and a multiple of " + reduction + ", got " + imageSize);
        }
        if (classes < 2) {
            throw new EvaluationException("JudgeConfig.classes must be >= 2, got " + classes);
        }
    }

    @Override
    public int[] channelMultipliers() {
        return channelMultipliers.clone();
    }

    /** The same shape for another number of classes. */
    public JudgeConfig withClasses(int n) {
        return new JudgeConfig(imageSize, baseChannels, channelMultipliers, groups, n);
    }

    /** The default shape: 32 px, 16 base channels, levels {1, 2, 4}, 4 groups. */
    public static JudgeConfig defaults(int classes) {
        return new JudgeConfig(32, 16, new int[] {1, 2, 4}, 4, classes);
    }

    /** JSON form. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Parses {@link #toJson()} output.
     *
     * @throws EvaluationException for malformed JSON or invalid values
     */
    public static JudgeConfig fromJson(String json) {
        try {
            JudgeConfig c = GSON.fromJson(json, JudgeConfig.class);
            if (c == null) {
                throw new EvaluationException("judge configuration JSON is empty");
            }
            return c;
        } catch (JsonParseException e) {
            throw new EvaluationException("malformed judge configuration JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JudgeConfig c && imageSize == c.imageSize && baseChannels == c.baseChannels && groups == c.groups
                && classes == c.classes && Arrays.equals(channelMultipliers, c.channelMultipliers);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(channelMultipliers) + imageSize * 7 + baseChannels * 13 + groups * 17 + classes;
    }

    @Override
    public String toString() {
        return "JudgeConfig[imageSize=" + imageSize + ", baseChannels=" + baseChannels + ", channelMultipliers="
                + Arrays.toString(channelMultipliers) + ", groups=" + groups + ", classes=" + classes + "]";
    }
}
