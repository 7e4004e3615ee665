package org.speaktheart.encoder.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Padding masks of frame sequences ({@code [B, T]} boolean, true = padding), in DJL and ONNX with
 * the same arithmetic.
 *
 * <p>Why the stride-2 mask is {@code mask[:, 0::2]}: a kernel-3, stride-2, padding-1 convolution
 * gives {@code ceil(L / 2)} outputs for L valid frames, and output t is valid exactly when input
 * 2t is. Output t reads inputs 2t-1..2t+1, so when padded inputs are zero a valid output sees the
 * same numbers as the unpadded clip with its own zero padding.
 */
public final class FrameMasks {
    private FrameMasks() {
    }

    /** {@code mask[:, 0::2]}, the mask after one stride-2 convolution. */
    public static NDArray halve(NDArray mask) {
        return mask.get(new NDIndex(":, ::2"));
    }

    /** ONNX form of {@link #halve(NDArray)}. */
    public static String halve(OnnxGraphBuilder g, String mask) {
        return g.node("Slice", null, List.of(mask, g.int64s(0), g.int64s(Long.MAX_VALUE), g.int64s(1), g.int64s(2)));
    }

    /** {@code x * (1 - mask)[..., None]}: zeroes padded frames of {@code [B, T, C]}. */
    public static NDArray zeroPadded(NDArray x, NDArray mask) {
        return x.mul(mask.logicalNot().toType(DataType.FLOAT32, false).expandDims(-1));
    }

    /** ONNX form of {@link #zeroPadded(NDArray, NDArray)}. */
    public static String zeroPadded(OnnxGraphBuilder g, String x, String mask) {
        String keep = g.cast(g.node("Not", null, List.of(mask)), org.speaktheart.core.onnx.ElementType.FLOAT);
        return g.mul(x, g.unsqueeze(keep, 2));
    }
}
