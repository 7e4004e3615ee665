package org.speaktheart.core.onnx;

/**
 * Something that can write its forward pass into an ONNX graph: the export half of every STA
 * network block. The training half is the DJL forward pass of the same class; a parity test
 * proves the two agree.
 */
public interface OnnxExportable {

    /**
     * Appends the nodes that compute this block's inference-mode forward pass.
     *
     * @param g the graph being built
     * @param name a prefix for the names of this block's values and weights (e.g. {@code enc.layer0.attn})
     * @param inputs value names of the inputs, in the same order as the DJL forward's {@code NDList}
     *     (an optional input that is absent is passed as {@code null})
     * @return the value name of the output
     */
    String toOnnx(OnnxGraphBuilder g, String name, String... inputs);
}
