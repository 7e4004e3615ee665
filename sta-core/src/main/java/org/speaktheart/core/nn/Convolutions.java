package org.speaktheart.core.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Convolutions of the DJL (training) side of the blocks, in two implementations with the same
 * arithmetic (cross-correlation, dilation 1, one group, zero padding; ONNX {@code Conv}, which the
 * blocks export to):
 *
 * <ul>
 * <li>{@link Backend#NATIVE}: the engine's own convolution (PyTorch's CPU kernels, oneDNN);</li>
 * <li>{@link Backend#UNFOLD}: the zero-padded input cut into one slice per kernel tap (every
 * {@code stride}-th position, taken by a reshape and a select rather than a stepped slice, whose
 * gradient the engine computes slowly), stacked into columns of {@code taps * in} values per output
 * position and multiplied by the weight flattened in the same order; autograd derives the gradients
 * from the slicing, stacking and matrix product.</li>
 * </ul>
 *
 * <p>Why two: on an AMD EPYC with AVX-512 (the project's machines since 2026-12), PyTorch 2.7.1's
 * native CPU convolutions returned wrong values for some shapes: NaN in the input gradient of a 3x3
 * convolution with 8 output channels over 16x16 images, a wrong forward for small 1-D convolutions, and so
 * NaN gradients or runs that differed between two identical invocations. Capping oneDNN at AVX2
 * ({@code ONEDNN_MAX_CPU_ISA=AVX2}) cured the 2-D gradient but not the 1-D forward. The unfold path does
 * not use those kernels and is right everywhere, but slower (figures in docs/vqvae.md).
 *
 * <p>Which one runs is decided once per process, the first time a convolution block is constructed:
 * system property {@value #BACKEND_PROPERTY} = {@code native}, {@code unfold} or {@code auto} (the
 * default), where auto runs {@link #selfCheck()} (native against unfold on a few small problems,
 * output and gradients) and keeps the native kernels only when they pass; otherwise it logs a warning
 * naming the problem that failed. Shapes and units: see each method.
 */
public final class Convolutions {
    /** The system property that chooses the implementation: {@code native}, {@code unfold} or {@code auto}. */
    public static final String BACKEND_PROPERTY = "sta.convolution";

    /**
     * Most bytes of unfolded columns built at once: 16 MiB. The batch is unfolded in groups that fit,
     * because the engine allocates every intermediate afresh and the C library serves allocations above
     * its 32 MiB ceiling with new pages each time; on the machines of 2026-12 the groups took a third off
     * a VQ-VAE training step ({@code VqVaeTrainStepBench}, docs/vqvae.md).
     */
    public static final long COLUMN_BYTES = 16L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(Convolutions.class);

    /** The two implementations. */
    public enum Backend {
        /** The engine's own convolution kernels. */
        NATIVE,
        /** Strided slices of the padded input, stacked, times the flattened weight. */
        UNFOLD
    }

    /**
     * The outcome of {@link #selfCheck()}.
     *
     * @param passed whether every problem agreed within tolerance and was finite
     * @param maxError the largest {@code |native - unfold| / (1 + max |unfold|)} over outputs and gradients
     *     (NaN when a native value was not finite)
     * @param worst the problem with that error, e.g. {@code "conv2d x[8, 8, 16, 16] w[8, 8, 3, 3] s1 p1 input gradient"}
     */
    public record SelfCheck(boolean passed, double maxError, String worst) {
    }

    private static volatile Backend chosen;

    private Convolutions() {
    }

    /**
     * The implementation of this process, deciding on the first call ({@value #BACKEND_PROPERTY}; with
     * {@code auto}, the native kernels only if {@link #selfCheck()} passes). Call it outside gradient
     * recording (block constructors do): the check records gradients of its own.
     *
     * @throws IllegalArgumentException when the property holds another word
     */
    public static Backend backend() {
        Backend b = chosen;
        if (b == null) {
            synchronized (Convolutions.class) {
                if (chosen == null) {
                    chosen = choose(System.getProperty(BACKEND_PROPERTY, "auto"), Convolutions::selfCheck);
                }
                b = chosen;
            }
        }
        return b;
    }

    /**
     * 2-D convolution of NCHW images by {@link #backend()}.
     *
     * @param x input {@code [B, in, H, W]}
     * @param weight {@code [out, in, k, k]}
     * @param bias {@code [out]}, or null for none
     * @param stride stride in both directions (>= 1)
     * @param padding zero padding on each side of both directions (>= 0)
     * @return {@code [B, out, H', W']} with {@code H' = (H + 2 padding - k) / stride + 1}, likewise W'
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return backend() == Backend.NATIVE ? conv2dNative(x, weight, bias, stride, padding)
                : conv2dUnfold(x, weight, bias, stride, padding);
    }

    /**
     * 1-D convolution of channel-major sequences by {@link #backend()}.
     *
     * @param x input {@code [B, in, T]}
     * @param weight {@code [out, in, k]}
     * @param bias {@code [out]}, or null for none
     * @param stride stride (>= 1)
     * @param padding zero frames added at each end (>= 0)
     * @return {@code [B, out, T']} with {@code T' = (T + 2 padding - k) / stride + 1}
     */
    public static NDArray conv1d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return backend() == Backend.NATIVE ? conv1dNative(x, weight, bias, stride, padding)
                : conv1dUnfold(x, weight, bias, stride, padding);
    }

    /** {@link #conv2d} by the engine's kernels; same arguments and result. */
    public static NDArray conv2dNative(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        check2d(x, weight, stride, padding);
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(1, 1), 1).singletonOrThrow();
    }

    /** {@link #conv1d} by the engine's kernels; same arguments and result. */
    public static NDArray conv1dNative(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        check1d(x, weight, stride, padding);
        return ai.djl.nn.convolutional.Conv1d.conv1d(x, weight, bias, new Shape(stride), new Shape(padding), new Shape(1), 1)
                .singletonOrThrow();
    }

    /** {@link #conv2d} by unfolding, in groups of images (see {@link #COLUMN_BYTES}); same arguments and result. */
    public static NDArray conv2dUnfold(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return conv2dUnfold(x, weight, bias, stride, padding, COLUMN_BYTES);
    }

    /** As {@link #conv2dUnfold(NDArray, NDArray, NDArray, int, int)} with another column budget (tests). */
    static NDArray conv2dUnfold(NDArray x, NDArray weight, NDArray bias, int stride, int padding, long columnBytes) {
        check2d(x, weight, stride, padding);
        Shape ws = weight.getShape();
        long perImage = ws.get(2) * ws.get(3) * ws.get(1) * outputSize(x.getShape().get(2), (int) ws.get(2), stride, padding)
                * outputSize(x.getShape().get(3), (int) ws.get(3), stride, padding) * Float.BYTES;
        return inGroups(x, perImage, columnBytes, part -> unfold2d(part, weight, bias, stride, padding));
    }

    private static NDArray unfold2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        Shape xs = x.getShape();
        Shape ws = weight.getShape();
        long batch = xs.get(0);
        long in = xs.get(1);
        long out = ws.get(0);
        int k = (int) ws.get(2);
        long oh = outputSize(xs.get(2), k, stride, padding);
        long ow = outputSize(xs.get(3), k, stride, padding);
        // stride - 1 more zeros at the far ends let every tap slice stride * size values; a reshape and a
        // select then keep every stride-th one.
        int far = padding + stride - 1;
        NDArray padded = far == 0 ? x : x.pad(new Shape(padding, far, padding, far), 0); // [B, in, H+p+far, W+p+far]
        NDList taps = new NDList(k * k);
        for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
                NDArray t = padded.get(new NDIndex(":, :, {}:{}, {}:{}", u, u + stride * oh, v, v + stride * ow)); // [B, in, sH', sW']
                if (stride > 1) {
                    t = t.reshape(batch, in, oh, stride, ow, stride).get(new NDIndex(":, :, :, 0, :, 0")); // [B, in, H', W']
                }
                taps.add(t);
            }
        }
        // Taps before channels: each tap's copy into the columns is one block per image.
        NDArray columns = NDArrays.stack(taps, 1).reshape(batch, k * k * in, oh * ow); // [B, (u*k+v)*in + c, H'W']
        NDArray flat = weight.transpose(0, 2, 3, 1).reshape(out, k * k * in); // [out, (u*k+v)*in + c]
        NDArray y = flat.matMul(columns); // [B, out, H'W']
        if (bias != null) {
            y = y.add(bias.reshape(1, out, 1));
        }
        return y.reshape(batch, out, oh, ow);
    }

    /** {@link #conv1d} by unfolding, in groups of sequences (see {@link #COLUMN_BYTES}); same arguments and result. */
    public static NDArray conv1dUnfold(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return conv1dUnfold(x, weight, bias, stride, padding, COLUMN_BYTES);
    }

    /** As {@link #conv1dUnfold(NDArray, NDArray, NDArray, int, int)} with another column budget (tests). */
    static NDArray conv1dUnfold(NDArray x, NDArray weight, NDArray bias, int stride, int padding, long columnBytes) {
        check1d(x, weight, stride, padding);
        Shape ws = weight.getShape();
        long perItem = ws.get(2) * ws.get(1) * outputSize(x.getShape().get(2), (int) ws.get(2), stride, padding) * Float.BYTES;
        return inGroups(x, perItem, columnBytes, part -> unfold1d(part, weight, bias, stride, padding));
    }

    /**
     * Runs {@code conv} on consecutive groups of the batch whose columns take at most {@code columnBytes}
     * (at least one item per group) and concatenates the results along the batch.
     */
    private static NDArray inGroups(NDArray x, long columnBytesPerItem, long columnBytes, UnaryOperator<NDArray> conv) {
        long batch = x.getShape().get(0);
        long group = Math.max(1, columnBytes / Math.max(1, columnBytesPerItem));
        if (group >= batch) {
            return conv.apply(x);
        }
        long[] cuts = new long[(int) ((batch - 1) / group)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * group;
        }
        NDList parts = x.split(cuts, 0);
        NDList outputs = new NDList(parts.size());
        for (NDArray part : parts) {
            outputs.add(conv.apply(part));
        }
        return NDArrays.concat(outputs, 0);
    }

    private static NDArray unfold1d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        Shape xs = x.getShape();
        Shape ws = weight.getShape();
        long batch = xs.get(0);
        long in = xs.get(1);
        long out = ws.get(0);
        int k = (int) ws.get(2);
        long ot = outputSize(xs.get(2), k, stride, padding);
        int far = padding + stride - 1;
        NDArray padded = far == 0 ? x : x.pad(new Shape(padding, far), 0); // [B, in, T+p+far]
        NDList taps = new NDList(k);
        for (int u = 0; u < k; u++) {
            NDArray t = padded.get(new NDIndex(":, :, {}:{}", u, u + stride * ot)); // [B, in, sT']
            if (stride > 1) {
                t = t.reshape(batch, in, ot, stride).get(new NDIndex(":, :, :, 0")); // [B, in, T']
            }
            taps.add(t);
        }
        NDArray columns = NDArrays.stack(taps, 1).reshape(batch, k * in, ot); // [B, u*in + c, T']
        NDArray y = weight.transpose(0, 2, 1).reshape(out, k * in).matMul(columns); // [B, out, T']
        return bias == null ? y : y.add(bias.reshape(1, out, 1));
    }

    /**
     * Runs the native kernels against the unfold path on a few small problems (2-D and 1-D, stride 1 and
     * 2, the shape on which the native input gradient was NaN among them): outputs and the gradients of
     * {@code sum(y * r)} with respect to input, weight and bias. Passes when every value is finite and
     * agrees within {@code 1e-3 (1 + max |unfold|)}. Must run outside gradient recording.
     *
     * @throws IllegalStateException when called while gradients are being recorded
     */
    public static SelfCheck selfCheck() {
        // {batch, in, size, out, kernel, stride, padding, dimensions}
        int[][] problems = {{8, 8, 16, 8, 3, 1, 1, 2}, {2, 3, 7, 5, 3, 2, 1, 2}, {2, 5, 11, 7, 3, 2, 1, 1},
            {3, 12, 40, 8, 3, 2, 1, 1}, {2, 24, 33, 16, 3, 2, 1, 1}};
        double worstError = 0;
        String worst = "none";
        SplittableRandom rng = new SplittableRandom(20261207L);
        for (int[] p : problems) {
            boolean two = p[7] == 2;
            long[] xs = two ? new long[] {p[0], p[1], p[2], p[2]} : new long[] {p[0], p[1], p[2]};
            long[] ws = two ? new long[] {p[3], p[1], p[4], p[4]} : new long[] {p[3], p[1], p[4]};
            String name = (two ? "conv2d" : "conv1d") + " x" + Arrays.toString(xs) + " w" + Arrays.toString(ws) + " s" + p[5]
                    + " p" + p[6];
            float[] x = uniform(rng, xs);
            float[] w = uniform(rng, ws);
            float[] b = uniform(rng, new long[] {p[3]});
            float[] r = null;
            float[][] want = null;
            for (Backend backend : new Backend[] {Backend.UNFOLD, Backend.NATIVE}) {
                try (NDManager m = NDManager.newBaseManager()) {
                    NDArray xa = m.create(x, new Shape(xs));
                    NDArray wa = m.create(w, new Shape(ws));
                    NDArray ba = m.create(b, new Shape(p[3]));
                    xa.setRequiresGradient(true);
                    wa.setRequiresGradient(true);
                    ba.setRequiresGradient(true);
                    float[][] got;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = two ? (backend == Backend.NATIVE ? conv2dNative(xa, wa, ba, p[5], p[6])
                                : conv2dUnfold(xa, wa, ba, p[5], p[6]))
                                : (backend == Backend.NATIVE ? conv1dNative(xa, wa, ba, p[5], p[6])
                                : conv1dUnfold(xa, wa, ba, p[5], p[6]));
                        if (r == null) {
                            r = uniform(rng, y.getShape().getShape());
                        }
                        gc.backward(y.mul(m.create(r, y.getShape())).sum());
                        got = new float[][] {y.toFloatArray(), xa.getGradient().toFloatArray(), wa.getGradient().toFloatArray(),
                            ba.getGradient().toFloatArray()};
                    }
                    if (want == null) {
                        want = got;
                        continue;
                    }
                    String[] parts = {"output", "input gradient", "weight gradient", "bias gradient"};
                    for (int k = 0; k < parts.length; k++) {
                        double e = relativeError(want[k], got[k]);
                        if (Double.isNaN(e) || e > worstError) {
                            worstError = e;
                            worst = name + " " + parts[k];
                        }
                        if (Double.isNaN(e)) {
                            return new SelfCheck(false, e, worst);
                        }
                    }
                }
            }
        }
        return new SelfCheck(worstError <= 1e-3, worstError, worst);
    }

    /** The backend for a property value, running {@code check} only for {@code auto}. */
    static Backend choose(String property, Supplier<SelfCheck> check) {
        String value = property.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "native":
                return Backend.NATIVE;
            case "unfold":
                return Backend.UNFOLD;
            case "auto":
                break;
            default:
                throw new IllegalArgumentException("system property " + BACKEND_PROPERTY + " is '" + value
                        + "'; accepted: native, unfold, auto");
        }
        SelfCheck result;
        try {
            result = check.get();
        } catch (IllegalStateException e) {
            LOG.warn("could not check the engine's convolution kernels while gradients are recorded ({}); using the unfold "
                    + "convolution, which is right on every CPU but slower", e.getMessage());
            return Backend.UNFOLD;
        }
        if (result.passed()) {
            return Backend.NATIVE;
        }
        LOG.warn("the engine's convolution kernels are wrong on this CPU (relative error {} in {}); using the unfold "
                + "convolution, which is right but slower (set -D{}=native to force the engine's kernels)", result.maxError(),
                result.worst(), BACKEND_PROPERTY);
        return Backend.UNFOLD;
    }

    private static double relativeError(float[] want, float[] got) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < want.length; i++) {
            if (!Float.isFinite(got[i])) {
                return Double.NaN;
            }
            scale = Math.max(scale, Math.abs(want[i]));
            diff = Math.max(diff, Math.abs(want[i] - got[i]));
        }
        return diff / (1 + scale);
    }

    private static float[] uniform(SplittableRandom rng, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] a = new float[(int) n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static void check2d(NDArray x, NDArray weight, int stride, int padding) {
        Shape xs = x.getShape();
        Shape ws = weight.getShape();
        checkArgs(xs.dimension() == 4 && ws.dimension() == 4 && ws.get(1) == xs.get(1) && ws.get(2) == ws.get(3),
                "conv2d needs x [B, in, H, W] and weight [out, in, k, k], got " + xs + " and " + ws, stride, padding);
        outputSize(xs.get(2), (int) ws.get(2), stride, padding);
    }

    private static void check1d(NDArray x, NDArray weight, int stride, int padding) {
        Shape xs = x.getShape();
        Shape ws = weight.getShape();
        checkArgs(xs.dimension() == 3 && ws.dimension() == 3 && ws.get(1) == xs.get(1),
                "conv1d needs x [B, in, T] and weight [out, in, k], got " + xs + " and " + ws, stride, padding);
        outputSize(xs.get(2), (int) ws.get(2), stride, padding);
    }

    private static void checkArgs(boolean shapesFit, String shapeMessage, int stride, int padding) {
        if (!shapesFit) {
            throw new IllegalArgumentException(shapeMessage);
        }
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException("convolution needs stride >= 1 and padding >= 0, got stride " + stride
                    + " and padding " + padding);
        }
    }

    private static long outputSize(long size, int kernel, int stride, int padding) {
        long padded = size + 2L * padding;
        if (padded < kernel) {
            throw new IllegalArgumentException("input of size " + size + " with padding " + padding
                    + " is shorter than the kernel " + kernel);
        }
        return (padded - kernel) / stride + 1;
    }
}
