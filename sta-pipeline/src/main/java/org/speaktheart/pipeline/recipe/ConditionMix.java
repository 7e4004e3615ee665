package org.speaktheart.pipeline.recipe;

import java.util.Locale;

/**
 * How the denoiser's training conditions are mixed. All three sources are vectors in the teacher's
 * embedding space, so one denoiser learns one conditioning space that speech and text both drive:
 * <ul>
 * <li>{@code speech}: the speech encoder's embedding of every training clip (of the chosen languages);</li>
 * <li>{@code text}: the teacher's text embedding of every distinct caption of a training picture;</li>
 * <li>{@code image}: the teacher's image embedding of every training picture.</li>
 * </ul>
 * The weights are relative sampling shares: a source with weight {@code w} makes up
 * {@code w / (speech + text + image)} of the training pairs, its items repeated as needed so that no
 * item of any source is dropped.
 *
 * @param speech share of speech-conditioned pairs (>= 0)
 * @param text share of caption-conditioned pairs (>= 0)
 * @param image share of picture-conditioned pairs (>= 0)
 */
public record ConditionMix(double speech, double text, double image) {

    public ConditionMix {
        if (!(speech >= 0) || !(text >= 0) || !(image >= 0) || !Double.isFinite(speech + text + image)
                || speech + text + image <= 0) {
            throw new RecipeException("condition mix weights must be finite, >= 0 and not all 0, got speech=" + speech
                    + " text=" + text + " image=" + image);
        }
    }

    /** The default: mostly speech, with text and pictures so text can drive the same denoiser. */
    public static ConditionMix defaults() {
        return new ConditionMix(0.6, 0.3, 0.1);
    }

    /**
     * Parses {@code speech=0.6,text=0.3,image=0.1}; an omitted source has weight 0.
     *
     * @throws RecipeException naming the part that is not {@code speech|text|image=<number>}
     */
    public static ConditionMix parse(String spec) {
        double[] w = new double[3];
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            int index = switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "speech" -> 0;
                case "text" -> 1;
                case "image" -> 2;
                default -> -1;
            };
            if (index < 0 || kv.length != 2) {
                throw new RecipeException("condition mix part '" + part + "' is not speech=W, text=W or image=W");
            }
            try {
                w[index] = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new RecipeException("condition mix part '" + part + "' has no number after '='", e);
            }
        }
        return new ConditionMix(w[0], w[1], w[2]);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "speech=%s,text=%s,image=%s", speech, text, image);
    }
}
