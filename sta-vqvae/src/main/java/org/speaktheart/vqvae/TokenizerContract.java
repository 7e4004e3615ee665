package org.speaktheart.vqvae;

/**
 * The ONNX input/output contract of an image tokenizer, shared by the project's own exports and by
 * a VQGAN exported elsewhere. Full description with an example in docs/vqvae.md.
 *
 * <ul>
 *   <li>Encoder graph: input {@value #ENCODER_INPUT} float32 {@code [batch, 3, H, W]} (RGB, NCHW,
 *       pixels scaled by the model's {@link PixelRange}); output {@value #ENCODER_OUTPUT} int64
 *       {@code [batch, h, w]}, code indices in {@code [0, K)}, row-major over the grid.</li>
 *   <li>Decoder graph: input {@value #DECODER_INPUT} int64 {@code [batch, h, w]}; output
 *       {@value #DECODER_OUTPUT} float32 {@code [batch, 3, H, W]} in the same pixel range
 *       (clamped when converted to 8-bit pixels).</li>
 *   <li>Metadata ({@code metadata_props}, optional for external models, which can pass the same
 *       values in a {@link TokenizerSpec}): {@value #KEY_PIXEL_RANGE} ({@code MINUS_ONE_ONE} or
 *       {@code ZERO_ONE}), {@value #KEY_CODEBOOK_SIZE} (K), {@value #KEY_IMAGE_SIZE} (H = W),
 *       {@value #KEY_TOKEN_SIDE} (h = w).</li>
 * </ul>
 * An optional {@link CodebookRemap} maps the model's K raw indices to a dense range of used codes.
 */
public final class TokenizerContract {
    /** Encoder input name. */
    public static final String ENCODER_INPUT = "image";
    /** Encoder output name. */
    public static final String ENCODER_OUTPUT = "tokens";
    /** Decoder input name. */
    public static final String DECODER_INPUT = "tokens";
    /** Decoder output name. */
    public static final String DECODER_OUTPUT = "image";
    /** Metadata key of the pixel range. */
    public static final String KEY_PIXEL_RANGE = "sta.tokenizer.pixelRange";
    /** Metadata key of the codebook size K. */
    public static final String KEY_CODEBOOK_SIZE = "sta.tokenizer.codebookSize";
    /** Metadata key of the image side. */
    public static final String KEY_IMAGE_SIZE = "sta.tokenizer.imageSize";
    /** Metadata key of the token grid side. */
    public static final String KEY_TOKEN_SIDE = "sta.tokenizer.tokenSide";
    /** Model name of exported encoders. */
    public static final String ENCODER_NAME = "sta-vqvae-encoder";
    /** Model name of exported decoders. */
    public static final String DECODER_NAME = "sta-vqvae-decoder";
    /** Version of the tokenizer graph layout. */
    public static final String FORMAT_VERSION = "1";

    private TokenizerContract() {
    }
}
