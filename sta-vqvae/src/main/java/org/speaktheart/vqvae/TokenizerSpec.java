package org.speaktheart.vqvae;

import java.util.Map;

/**
 * What the tokenizer needs to know about a model pair beyond its graphs: pixel scaling, codebook
 * size, image side and token grid side. Read from the models' metadata ({@link #fromMetadata}) or
 * given by hand for an external VQGAN export that carries none.
 *
 * @param pixelRange pixel scaling of the encoder input and decoder output
 * @param codebookSize number K of raw codes
 * @param imageSize image side H = W in pixels
 * @param tokenSide token grid side h = w
 */
public record TokenizerSpec(PixelRange pixelRange, int codebookSize, int imageSize, int tokenSide) {

    public TokenizerSpec {
        if (pixelRange == null) {
            throw new VqVaeException("pixelRange is missing; accepted: MINUS_ONE_ONE or ZERO_ONE");
        }
        if (codebookSize < 2) {
            throw new VqVaeException("codebookSize is " + codebookSize + "; accepted: >= 2");
        }
        if (imageSize <= 0 || tokenSide <= 0 || imageSize % tokenSide != 0) {
            throw new VqVaeException("imageSize " + imageSize + " and tokenSide " + tokenSide
                    + " do not fit; accepted: positive sizes with imageSize a multiple of tokenSide");
        }
    }

    /** The spec of a project configuration. */
    public static TokenizerSpec of(VqVaeConfig config) {
        return new TokenizerSpec(config.pixelRange(), config.codebookSize(), config.imageSize(), config.tokenSide());
    }

    /**
     * Reads the spec from model metadata.
     *
     * @throws VqVaeException when a key is missing or malformed
     */
    public static TokenizerSpec fromMetadata(Map<String, String> props, String source) {
        try {
            return new TokenizerSpec(PixelRange.valueOf(required(props, TokenizerContract.KEY_PIXEL_RANGE, source)),
                    Integer.parseInt(required(props, TokenizerContract.KEY_CODEBOOK_SIZE, source)),
                    Integer.parseInt(required(props, TokenizerContract.KEY_IMAGE_SIZE, source)),
                    Integer.parseInt(required(props, TokenizerContract.KEY_TOKEN_SIDE, source)));
        } catch (IllegalArgumentException e) {
            throw new VqVaeException("model " + source + " has malformed tokenizer metadata: " + e.getMessage()
                    + "; pass a TokenizerSpec for models exported elsewhere", e);
        }
    }

    private static String required(Map<String, String> props, String key, String source) {
        String v = props.get(key);
        if (v == null) {
            throw new VqVaeException("model " + source + " has no metadata key " + key
                    + "; pass a TokenizerSpec for models exported elsewhere");
        }
        return v;
    }

    /** The metadata entries that describe this spec. */
    public Map<String, String> asMetadata() {
        return Map.of(TokenizerContract.KEY_PIXEL_RANGE, pixelRange.name(),
                TokenizerContract.KEY_CODEBOOK_SIZE, Integer.toString(codebookSize),
                TokenizerContract.KEY_IMAGE_SIZE, Integer.toString(imageSize),
                TokenizerContract.KEY_TOKEN_SIDE, Integer.toString(tokenSide));
    }
}
