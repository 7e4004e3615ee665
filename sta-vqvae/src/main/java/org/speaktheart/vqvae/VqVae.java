package org.speaktheart.vqvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * The whole VQ-VAE as one DJL block: {@link VqEncoder}, {@link VectorQuantizer}, {@link VqDecoder}.
 *
 * <p>Forward input: images {@code [B, 3, S, S]} in the configured pixel range. Outputs, in order:
 * reconstruction {@code [B, 3, S, S]}, ids {@code [B, h, w]} int64, commitment loss, codebook loss,
 * quantized latent rows {@code [B*h*w, D]} (see {@link VectorQuantizer}).
 *
 * <p>Its {@link #toOnnx} appends the full autoencoder (image to reconstruction); the tokenizer
 * exports two graphs instead ({@link VqVaeExporter}).
 */
public final class VqVae extends StaBlock {
    private final VqVaeConfig config;
    private final VqEncoder encoder;
    private final VectorQuantizer quantizer;
    private final VqDecoder decoder;

    /** A network of the given configuration (uninitialised). */
    public VqVae(VqVaeConfig config) {
        this.config = config;
        this.encoder = addChildBlock("encoder", new VqEncoder(config));
        this.quantizer = addChildBlock("quantizer", new VectorQuantizer(config));
        this.decoder = addChildBlock("decoder", new VqDecoder(config));
    }

    /** The configuration. */
    public VqVaeConfig config() {
        return config;
    }

    /** The encoder. */
    public VqEncoder encoder() {
        return encoder;
    }

    /** The quantizer. */
    public VectorQuantizer quantizer() {
        return quantizer;
    }

    /** The decoder. */
    public VqDecoder decoder() {
        return decoder;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = run(encoder, ps, training, inputs.singletonOrThrow());
        NDList q = quantizer.forward(ps, new NDList(z), training);
        NDArray reconstruction = run(decoder, ps, training, q.get(0));
        return new NDList(reconstruction, q.get(1), q.get(2), q.get(3), q.get(4));
    }

    /** Decodes ids {@code [B, h, w]} int64 to images {@code [B, 3, S, S]} (DJL side, inference). */
    public NDArray decodeIds(ParameterStore ps, NDArray ids) {
        NDArray codes = ps.getValue(quantizer.codebookParameter(), ids.getDevice(), false);
        return run(decoder, ps, false, quantizer.lookup(codes, ids));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] z = encoder.getOutputShapes(inputShapes);
        Shape[] q = quantizer.getOutputShapes(z);
        return new Shape[] {inputShapes[0], q[1], q[2], q[3], q[4]};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String ids = quantizer.toOnnx(g, name + ".quantizer", encoder.toOnnx(g, name + ".encoder", inputs[0]));
        return decoder.toOnnx(g, name + ".decoder", quantizer.lookupOnnx(g, name + ".quantizer", ids));
    }
}
