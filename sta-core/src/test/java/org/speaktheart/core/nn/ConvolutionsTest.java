package org.speaktheart.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.speaktheart.core.testing.Tolerance;

/**
 * Both {@link Convolutions} implementations against a brute-force convolution in doubles: the output and
 * the gradients of {@code sum(y * r)} for a random {@code r} with respect to input, weight and bias, over
 * awkward sizes (1, primes, odd lengths, kernels larger than the stride, padding 0-2). The first 2-D case
 * is the shape on which the engine's native convolution returned NaN input gradients on an AVX-512 CPU,
 * and the third 1-D case one where its forward was wrong (see the class javadoc); the native cases are
 * checked only where the native kernels pass {@link Convolutions#selfCheck()}, with the reason shown.
 */
class ConvolutionsTest {
    private static final Tolerance TOLERANCE = new Tolerance(1e-4, 1e-4);

    /** Output and gradients of one run: y, dL/dx, dL/dw, dL/db. */
    private record Result(float[] y, float[] gx, float[] gw, float[] gb) {
    }

    @ParameterizedTest(name = "{7}: B{0} in{1} {2}x{2} out{3} k{4} s{5} p{6}")
    @CsvSource({"8, 8, 16, 8, 3, 1, 1, UNFOLD", "1, 1, 1, 1, 1, 1, 0, UNFOLD", "2, 3, 7, 5, 3, 2, 1, UNFOLD",
        "3, 5, 9, 7, 5, 3, 2, UNFOLD", "2, 4, 6, 3, 1, 1, 1, UNFOLD", "9, 16, 8, 4, 1, 1, 0, UNFOLD", "2, 2, 11, 13, 3, 2, 0, UNFOLD",
        "1, 3, 5, 2, 5, 1, 2, UNFOLD", "8, 8, 16, 8, 3, 1, 1, NATIVE", "3, 5, 9, 7, 5, 3, 2, NATIVE", "9, 16, 8, 4, 1, 1, 0, NATIVE"})
    void conv2dMatchesBruteForceWithGradients(int batch, int in, int size, int out, int k, int stride, int padding,
                                              Convolutions.Backend backend) {
        assumeNativeWorks(backend);
        int o = (size + 2 * padding - k) / stride + 1;
        Result got = run(new long[] {batch, in, size, size}, new long[] {out, in, k, k}, new long[] {batch, out, o, o},
                (x, w, b) -> backend == Convolutions.Backend.NATIVE ? Convolutions.conv2dNative(x, w, b, stride, padding)
                        : Convolutions.conv2dUnfold(x, w, b, stride, padding));
        Result want = bruteForce(batch, in, size, size, out, k, k, stride, padding, padding);
        assertAll(want, got, "conv2d " + backend);
    }

    @ParameterizedTest(name = "{7}: B{0} in{1} T{2} out{3} k{4} s{5} p{6}")
    @CsvSource({"2, 5, 11, 7, 3, 2, 1, UNFOLD", "1, 1, 1, 1, 1, 1, 0, UNFOLD", "3, 12, 40, 8, 3, 2, 1, UNFOLD", "2, 4, 13, 3, 5, 1, 2, UNFOLD",
        "4, 80, 17, 16, 3, 2, 1, UNFOLD", "1, 7, 3, 2, 3, 3, 0, UNFOLD", "2, 5, 11, 7, 3, 2, 1, NATIVE", "3, 12, 40, 8, 3, 2, 1, NATIVE"})
    void conv1dMatchesBruteForceWithGradients(int batch, int in, int length, int out, int k, int stride, int padding,
                                              Convolutions.Backend backend) {
        assumeNativeWorks(backend);
        int o = (length + 2 * padding - k) / stride + 1;
        Result got = run(new long[] {batch, in, length}, new long[] {out, in, k}, new long[] {batch, out, o},
                (x, w, b) -> backend == Convolutions.Backend.NATIVE ? Convolutions.conv1dNative(x, w, b, stride, padding)
                        : Convolutions.conv1dUnfold(x, w, b, stride, padding));
        // A 1-D convolution is a 2-D one over images one row high, with no padding across rows.
        Result want = bruteForce(batch, in, 1, length, out, 1, k, stride, 0, padding);
        assertAll(want, got, "conv1d " + backend);
    }

    @Test
    void theBackendFollowsThePropertyAndTheSelfCheck() {
        Convolutions.SelfCheck check = Convolutions.selfCheck();
        System.out.println("native convolution self-check on this CPU: " + check);
        assertTrue(check.passed() == check.maxError() <= 1e-3, check.toString());
        assertEquals(Convolutions.choose(System.getProperty(Convolutions.BACKEND_PROPERTY, "auto"), () -> check),
                Convolutions.backend());
        Convolutions.SelfCheck bad = new Convolutions.SelfCheck(false, Double.NaN, "conv2d input gradient");
        Convolutions.SelfCheck good = new Convolutions.SelfCheck(true, 1e-7, "conv1d output");
        assertEquals(Convolutions.Backend.UNFOLD, Convolutions.choose("auto", () -> bad));
        assertEquals(Convolutions.Backend.NATIVE, Convolutions.choose(" AUTO ", () -> good));
        assertEquals(Convolutions.Backend.NATIVE, Convolutions.choose("native", () -> bad), "no check when named");
        assertEquals(Convolutions.Backend.UNFOLD, Convolutions.choose("unfold", () -> good));
        assertEquals(Convolutions.Backend.UNFOLD, Convolutions.choose("auto", () -> {
            throw new IllegalStateException("A PtGradientCollector is already collecting");
        }), "a check that cannot run chooses the path that is right everywhere");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convolutions.choose("gpu", () -> good));
        assertTrue(e.getMessage().contains("'gpu'") && e.getMessage().contains("accepted: native, unfold, auto"), e.getMessage());
    }

    @Test
    void groupsOfTheBatchGiveTheWholeBatchsResult() {
        // Column budgets of one and two items split batches of 5 into 5 and 3 groups.
        Result want2 = bruteForce(5, 3, 9, 9, 4, 3, 3, 2, 1, 1);
        Result want1 = bruteForce(5, 6, 1, 14, 5, 1, 3, 1, 0, 1);
        for (long budget : new long[] {1, 2 * 27 * 25 * Float.BYTES}) {
            assertAll(want2, run(new long[] {5, 3, 9, 9}, new long[] {4, 3, 3, 3}, new long[] {5, 4, 5, 5},
                    (x, w, b) -> Convolutions.conv2dUnfold(x, w, b, 2, 1, budget)), "conv2d in groups, budget " + budget);
            assertAll(want1, run(new long[] {5, 6, 14}, new long[] {5, 6, 3}, new long[] {5, 5, 14},
                    (x, w, b) -> Convolutions.conv1dUnfold(x, w, b, 1, 1, budget)), "conv1d in groups, budget " + budget);
        }
    }

    @Test
    void sameInputsGiveTheSameBytesAndBiasIsOptional() {
        Result a = run(new long[] {8, 8, 16, 16}, new long[] {8, 8, 3, 3}, new long[] {8, 8, 16, 16},
                (x, w, b) -> Convolutions.conv2dUnfold(x, w, b, 1, 1));
        Result b = run(new long[] {8, 8, 16, 16}, new long[] {8, 8, 3, 3}, new long[] {8, 8, 16, 16},
                (x, w, bias) -> Convolutions.conv2dUnfold(x, w, bias, 1, 1));
        assertArrayEquals(a.y(), b.y());
        assertArrayEquals(a.gx(), b.gx());
        assertArrayEquals(a.gw(), b.gw());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(random(2 * 3 * 5, 1), new Shape(2, 3, 5));
            NDArray w = m.create(random(4 * 3 * 3, 2), new Shape(4, 3, 3));
            NDArray zero = m.zeros(new Shape(4));
            assertArrayEquals(Convolutions.conv1dUnfold(x, w, zero, 1, 1).toFloatArray(),
                    Convolutions.conv1dUnfold(x, w, null, 1, 1).toFloatArray());
        }
    }

    @Test
    void badShapesAndSettingsAreRefusedByName() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 3, 4, 4));
            NDArray w = m.zeros(new Shape(2, 4, 3, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2dUnfold(x, w, null, 1, 1));
            assertTrue(e.getMessage().contains("(1, 3, 4, 4)") && e.getMessage().contains("(2, 4, 3, 3)"), e.getMessage());
            NDArray w3 = m.zeros(new Shape(2, 3, 3, 3));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2dNative(x, w3, null, 0, 1)).getMessage()
                    .contains("stride 0"));
            NDArray w5 = m.zeros(new Shape(2, 3, 7, 7));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2d(x, w5, null, 1, 1)).getMessage()
                    .contains("shorter than the kernel 7"));
            assertThrows(IllegalArgumentException.class, () -> Convolutions.conv1d(x, w3, null, 1, 1));
        }
    }

    private static void assumeNativeWorks(Convolutions.Backend backend) {
        if (backend == Convolutions.Backend.NATIVE) {
            Convolutions.SelfCheck check = Convolutions.selfCheck();
            assumeTrue(check.passed(), () -> "the engine's native convolution is wrong on this CPU: " + check);
        }
    }

    private interface Conv {
        NDArray apply(NDArray x, NDArray w, NDArray b);
    }

    private static Result run(long[] xShape, long[] wShape, long[] yShape, Conv conv) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(random(count(xShape), 1), new Shape(xShape));
            NDArray w = m.create(random(count(wShape), 2), new Shape(wShape));
            NDArray b = m.create(random((int) wShape[0], 3), new Shape(wShape[0]));
            NDArray r = m.create(random(count(yShape), 4), new Shape(yShape));
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = conv.apply(x, w, b);
                assertArrayEquals(yShape, y.getShape().getShape());
                gc.backward(y.mul(r).sum());
                return new Result(y.toFloatArray(), x.getGradient().toFloatArray(), w.getGradient().toFloatArray(),
                        b.getGradient().toFloatArray());
            }
        }
    }

    /** Brute force over images {@code [B, in, H, W]}, kernel {@code kh x kw}, padding {@code ph, pw}. */
    private static Result bruteForce(int batch, int in, int h, int w, int out, int kh, int kw, int stride, int ph, int pw) {
        float[] x = random(batch * in * h * w, 1);
        float[] wt = random(out * in * kh * kw, 2);
        float[] b = random(out, 3);
        int oh = (h + 2 * ph - kh) / stride + 1;
        int ow = (w + 2 * pw - kw) / stride + 1;
        float[] r = random(batch * out * oh * ow, 4);
        float[] y = new float[r.length];
        double[] gx = new double[x.length];
        double[] gw = new double[wt.length];
        double[] gb = new double[out];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int yi = ((n * out + o) * oh + i) * ow + j;
                        double acc = b[o];
                        gb[o] += r[yi];
                        for (int c = 0; c < in; c++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int ii = i * stride - ph + u;
                                    int jj = j * stride - pw + v;
                                    if (ii < 0 || jj < 0 || ii >= h || jj >= w) {
                                        continue;
                                    }
                                    int xi = ((n * in + c) * h + ii) * w + jj;
                                    int wi = ((o * in + c) * kh + u) * kw + v;
                                    acc += (double) x[xi] * wt[wi];
                                    gx[xi] += (double) r[yi] * wt[wi];
                                    gw[wi] += (double) r[yi] * x[xi];
                                }
                            }
                        }
                        y[yi] = (float) acc;
                    }
                }
            }
        }
        return new Result(y, toFloat(gx), toFloat(gw), toFloat(gb));
    }

    private static void assertAll(Result want, Result got, String what) {
        assertEquals(want.y().length, got.y().length, what + " output size");
        TOLERANCE.assertClose(want.y(), got.y(), what + " output");
        TOLERANCE.assertClose(want.gx(), got.gx(), what + " input gradient");
        TOLERANCE.assertClose(want.gw(), got.gw(), what + " weight gradient");
        TOLERANCE.assertClose(want.gb(), got.gb(), what + " bias gradient");
    }

    private static int count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return (int) n;
    }

    private static float[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
