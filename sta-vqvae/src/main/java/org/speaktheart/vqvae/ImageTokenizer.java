package org.speaktheart.vqvae;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.runtime.InputSpec;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;

/**
 * Images to token grids and back on ONNX Runtime, over a pair of graphs that follow the
 * {@link TokenizerContract} (the project's own export or an external VQGAN), with an optional
 * {@link CodebookRemap} to a dense subset of codes.
 *
 * <p>Thread-safe: it holds no mutable state and {@link OnnxModel} allows concurrent runs.
 * Closing releases both sessions.
 */
public final class ImageTokenizer implements AutoCloseable {
    private final OnnxModel encoder;
    private final OnnxModel decoder;
    private final TokenizerSpec spec;
    private final CodebookRemap remap;

    private ImageTokenizer(OnnxModel encoder, OnnxModel decoder, TokenizerSpec spec, CodebookRemap remap) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.spec = spec;
        this.remap = remap;
        if (remap != null && remap.codebookSize() != spec.codebookSize()) {
            throw new VqVaeException("remap table is for K = " + remap.codebookSize() + " codes but the models have K = "
                    + spec.codebookSize());
        }
        check();
    }

    /**
     * Opens a project export ({@link VqVaeExporter}), reading the spec from the encoder's metadata.
     *
     * @throws VqVaeException when the models do not follow the contract
     */
    public static ImageTokenizer open(Path encoderFile, Path decoderFile, RuntimeConfig runtime) {
        return open(encoderFile, decoderFile, null, null, runtime);
    }

    /**
     * Opens any pair of graphs that follow the contract.
     *
     * @param spec the tokenizer spec, or null to read it from the encoder's metadata
     * @param remap raw-to-dense code table, or null for none
     * @throws VqVaeException when the models do not follow the contract
     */
    public static ImageTokenizer open(Path encoderFile, Path decoderFile, TokenizerSpec spec, CodebookRemap remap,
                                      RuntimeConfig runtime) {
        Objects.requireNonNull(runtime, "runtime");
        OnnxModel enc = OnnxModel.load(encoderFile, runtime);
        OnnxModel dec = null;
        try {
            dec = OnnxModel.load(decoderFile, runtime);
            TokenizerSpec s = spec != null ? spec : TokenizerSpec.fromMetadata(enc.customMetadata(), enc.source());
            return new ImageTokenizer(enc, dec, s, remap);
        } catch (RuntimeException e) {
            if (dec != null) {
                closeInto(dec, e);
            }
            closeInto(enc, e);
            throw e;
        }
    }

    private static void closeInto(OnnxModel m, RuntimeException failure) {
        try {
            m.close();
        } catch (RuntimeException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    private void check() {
        int s = spec.imageSize();
        int t = spec.tokenSide();
        expect(encoder, encoder.inputs(), TokenizerContract.ENCODER_INPUT, ElementType.FLOAT, new long[] {-1, 3, s, s}, "input");
        expect(encoder, encoder.outputs(), TokenizerContract.ENCODER_OUTPUT, ElementType.INT64, new long[] {-1, t, t}, "output");
        expect(decoder, decoder.inputs(), TokenizerContract.DECODER_INPUT, ElementType.INT64, new long[] {-1, t, t}, "input");
        expect(decoder, decoder.outputs(), TokenizerContract.DECODER_OUTPUT, ElementType.FLOAT, new long[] {-1, 3, s, s}, "output");
    }

    private static void expect(OnnxModel m, Map<String, InputSpec> specs, String name, ElementType type, long[] shape,
                               String kind) {
        InputSpec io = specs.get(name);
        String wanted = kind + " '" + name + "' " + type + " " + java.util.Arrays.toString(shape).replace("-1", "batch");
        if (io == null) {
            throw new VqVaeException("model " + m.source() + " has no " + kind + " '" + name + "' (it has " + specs.keySet()
                    + "); the tokenizer contract needs " + wanted);
        }
        if (io.type() != type || io.shape().length != shape.length) {
            throw new VqVaeException("model " + m.source() + " declares " + io + "; the tokenizer contract needs " + wanted);
        }
        for (int i = 1; i < shape.length; i++) {
            // symbolic (negative) sizes are accepted: they are bound at run time
            if (io.shape()[i] >= 0 && io.shape()[i] != shape[i]) {
                throw new VqVaeException("model " + m.source() + " declares " + io + "; the tokenizer contract needs "
                        + wanted);
            }
        }
    }

    /** The tokenizer spec (raw codebook size, sides, pixel range). */
    public TokenizerSpec spec() {
        return spec;
    }

    /** Number of distinct ids in token grids: the used-code count with a remap, else K. */
    public int codebookSize() {
        return remap == null ? spec.codebookSize() : remap.usedCount();
    }

    /** Tokenizes one {@code S x S} image. */
    public TokenGrid encode(BufferedImage image) {
        return encodeAll(List.of(image)).get(0);
    }

    /**
     * Tokenizes a batch of {@code S x S} images in one run.
     *
     * @throws VqVaeException when an image has the wrong size, or a raw code is outside the remap
     */
    public List<TokenGrid> encodeAll(List<BufferedImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        int s = spec.imageSize();
        int t = spec.tokenSide();
        float[] pixels = ImageTensors.toTensor(images, s, spec.pixelRange());
        Tensor out = encoder.run(Map.of(TokenizerContract.ENCODER_INPUT,
                Tensor.ofFloats(pixels, images.size(), 3, s, s))).get(TokenizerContract.ENCODER_OUTPUT);
        long[] raw = out.longs();
        int cells = t * t;
        if (raw.length != images.size() * cells) {
            throw new VqVaeException("encoder " + encoder.source() + " returned " + raw.length + " ids for "
                    + images.size() + " images; accepted: " + cells + " per image");
        }
        List<TokenGrid> grids = new ArrayList<>(images.size());
        for (int b = 0; b < images.size(); b++) {
            int[] ids = new int[cells];
            for (int i = 0; i < cells; i++) {
                long r = raw[b * cells + i];
                if (remap != null) {
                    ids[i] = remap.toDense(r);
                } else {
                    if (r < 0 || r >= spec.codebookSize()) {
                        throw new VqVaeException("encoder " + encoder.source() + " returned code " + r
                                + "; accepted: 0.." + (spec.codebookSize() - 1));
                    }
                    ids[i] = (int) r;
                }
            }
            grids.add(new TokenGrid(t, t, ids, codebookSize()));
        }
        return grids;
    }

    /** Renders one token grid. */
    public BufferedImage decode(TokenGrid grid) {
        return decodeAll(List.of(grid)).get(0);
    }

    /**
     * Renders a batch of token grids in one run.
     *
     * @throws VqVaeException when a grid has the wrong side or codebook size
     */
    public List<BufferedImage> decodeAll(List<TokenGrid> grids) {
        if (grids.isEmpty()) {
            return List.of();
        }
        int t = spec.tokenSide();
        int cells = t * t;
        long[] raw = new long[grids.size() * cells];
        for (int b = 0; b < grids.size(); b++) {
            TokenGrid g = grids.get(b);
            if (g.h() != t || g.w() != t || g.codebookSize() != codebookSize()) {
                throw new VqVaeException("token grid " + b + " is " + g.h() + "x" + g.w() + " over " + g.codebookSize()
                        + " codes; accepted: " + t + "x" + t + " over " + codebookSize() + " codes");
            }
            int[] ids = g.ids();
            for (int i = 0; i < cells; i++) {
                raw[b * cells + i] = remap == null ? ids[i] : remap.toRaw(ids[i]);
            }
        }
        Tensor out = decoder.run(Map.of(TokenizerContract.DECODER_INPUT, Tensor.ofLongs(raw, grids.size(), t, t)))
                .get(TokenizerContract.DECODER_OUTPUT);
        return ImageTensors.fromTensor(out.floats(), grids.size(), spec.imageSize(), spec.pixelRange());
    }

    /** Closes the decoder, then the encoder; a failure of the first is kept as suppressed. */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            decoder.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            encoder.close();
        } catch (RuntimeException e) {
            if (failure != null) {
                e.addSuppressed(failure);
            }
            failure = e;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
