package org.speaktheart.encoder;

import java.util.List;
import org.speaktheart.core.onnx.Attr;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.encoder.inference.ExternalFrontEnd;

/**
 * A tiny self-supervised-style speech model written in the external front-end contract: a strided
 * convolution over the waveform (kernel 400, stride 320, as wav2vec 2.0's 20 ms frame rate) with
 * tanh gives layer 0, and each further layer is {@code tanh(h W_l + b_l)}; the L hidden states are
 * stacked to {@code [1, L, frames, H]}. Weights are seeded Gaussians; {@link #reference} recomputes
 * any value in plain Java.
 */
final class TinyFrontEndModel {
    static final int KERNEL = 400;
    static final int STRIDE = 320;
    final int hidden;
    final int layers;
    final float[] convW; // [H, 1, KERNEL]
    final float[] convB; // [H]
    final float[][] w;   // per layer >= 1: [H, H] (in, out)
    final float[][] b;

    TinyFrontEndModel(int hidden, int layers, long seed) {
        this.hidden = hidden;
        this.layers = layers;
        this.convW = BlockParity.gaussian(seed, hidden * KERNEL, 0.05);
        this.convB = BlockParity.gaussian(seed + 1, hidden, 0.1);
        this.w = new float[layers][];
        this.b = new float[layers][];
        for (int l = 1; l < layers; l++) {
            w[l] = BlockParity.gaussian(seed + 10 + l, hidden * hidden, 0.5);
            b[l] = BlockParity.gaussian(seed + 20 + l, hidden, 0.1);
        }
    }

    byte[] export() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("tiny-ssl");
        String x = g.input(ExternalFrontEnd.WAVEFORM, ElementType.FLOAT, Dim.of(1), Dim.sym("samples"));
        String conv = g.node("Conv", null, List.of(g.unsqueeze(x, 1), g.initializer("conv_w", convW, hidden, 1, KERNEL),
                g.initializer("conv_b", convB, hidden)), Attr.ints("kernel_shape", KERNEL), Attr.ints("strides", STRIDE));
        String h = g.transpose(g.unary("Tanh", conv), 0, 2, 1); // [1, T, H]
        String[] states = new String[layers];
        states[0] = g.unsqueeze(h, 1);
        for (int l = 1; l < layers; l++) {
            h = g.unary("Tanh", g.add(g.matMul(h, g.initializer("w" + l, w[l], hidden, hidden)),
                    g.initializer("b" + l, b[l], hidden)));
            states[l] = g.unsqueeze(h, 1);
        }
        String out = g.identity(g.concat(1, states), ExternalFrontEnd.HIDDEN_STATES);
        g.output(out, ElementType.FLOAT, Dim.of(1), Dim.of(layers), Dim.sym("frames"), Dim.of(hidden));
        return g.build(ModelMetadata.of("tiny-ssl", "1").with(ExternalFrontEnd.KEY_SAMPLE_RATE, "16000")).toByteArray();
    }

    /** Hidden state of layer l, frame t, unit j, in double precision. */
    double reference(float[] wave, int l, int t, int j) {
        double[] h = new double[hidden];
        for (int k = 0; k < hidden; k++) {
            double s = convB[k];
            for (int i = 0; i < KERNEL; i++) {
                s += convW[k * KERNEL + i] * wave[t * STRIDE + i];
            }
            h[k] = Math.tanh(s);
        }
        for (int layer = 1; layer <= l; layer++) {
            double[] next = new double[hidden];
            for (int o = 0; o < hidden; o++) {
                double s = b[layer][o];
                for (int i = 0; i < hidden; i++) {
                    s += h[i] * w[layer][i * hidden + o];
                }
                next[o] = Math.tanh(s);
            }
            h = next;
        }
        return h[j];
    }
}
