package org.speaktheart.vqvae;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Writes a trained (initialised) {@link VqVae} as the two graphs of the {@link TokenizerContract}:
 * the encoder with the nearest-code search inside (image to int64 tokens) and the decoder with the
 * codebook Gather inside (tokens to image). Both carry the configuration JSON, the tokenizer spec
 * and the caller's provenance in their metadata; files are written atomically.
 */
public final class VqVaeExporter {
    /** File name of the encoder inside an export folder. */
    public static final String ENCODER_FILE = "tokenizer-encoder.onnx";
    /** File name of the decoder inside an export folder. */
    public static final String DECODER_FILE = "tokenizer-decoder.onnx";

    private VqVaeExporter() {
    }

    /**
     * Writes {@value #ENCODER_FILE} and {@value #DECODER_FILE} into {@code folder}.
     *
     * @param provenance free properties (dataset, training figures, code version) for both files
     */
    public static void export(VqVae model, Path folder, Map<String, String> provenance) {
        writeEncoder(model, folder.resolve(ENCODER_FILE), provenance);
        writeDecoder(model, folder.resolve(DECODER_FILE), provenance);
    }

    /** Writes the encoder graph. */
    public static void writeEncoder(VqVae model, Path file, Map<String, String> provenance) {
        VqVaeConfig c = model.config();
        OnnxGraphBuilder g = new OnnxGraphBuilder("sta_vqvae_encoder");
        String image = g.input(TokenizerContract.ENCODER_INPUT, ElementType.FLOAT, Dim.sym("batch"), Dim.of(3),
                Dim.of(c.imageSize()), Dim.of(c.imageSize()));
        String z = model.encoder().toOnnx(g, "encoder", image);
        String ids = model.quantizer().toOnnx(g, "quantizer", z);
        g.output(g.identity(ids, TokenizerContract.ENCODER_OUTPUT), ElementType.INT64, Dim.sym("batch"),
                Dim.of(c.tokenSide()), Dim.of(c.tokenSide()));
        g.write(file, metadata(TokenizerContract.ENCODER_NAME, c, provenance));
    }

    /** Writes the decoder graph. */
    public static void writeDecoder(VqVae model, Path file, Map<String, String> provenance) {
        VqVaeConfig c = model.config();
        OnnxGraphBuilder g = new OnnxGraphBuilder("sta_vqvae_decoder");
        String ids = g.input(TokenizerContract.DECODER_INPUT, ElementType.INT64, Dim.sym("batch"),
                Dim.of(c.tokenSide()), Dim.of(c.tokenSide()));
        String latent = model.quantizer().lookupOnnx(g, "quantizer", ids);
        String image = model.decoder().toOnnx(g, "decoder", latent);
        g.output(g.identity(image, TokenizerContract.DECODER_OUTPUT), ElementType.FLOAT, Dim.sym("batch"), Dim.of(3),
                Dim.of(c.imageSize()), Dim.of(c.imageSize()));
        g.write(file, metadata(TokenizerContract.DECODER_NAME, c, provenance));
    }

    private static ModelMetadata metadata(String name, VqVaeConfig c, Map<String, String> provenance) {
        ModelMetadata m = new ModelMetadata(name, TokenizerContract.FORMAT_VERSION, c.toJson(), Map.of());
        for (Map.Entry<String, String> e : new TreeMap<>(TokenizerSpec.of(c).asMetadata()).entrySet()) {
            m = m.with(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : provenance.entrySet()) {
            m = m.with(e.getKey(), e.getValue());
        }
        return m;
    }
}
