package org.speaktheart.vqvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.Attr;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Vector quantizer with a codebook of K codes of dimension D ({@code codebook [K, D]}).
 *
 * <p>DJL forward, input latent {@code z [B, D, h, w]}, outputs in this order:
 * <ol>
 *   <li>{@code quantized [B, D, h, w]}: the nearest code per position, passed straight through
 *       ({@code z + sg(q - z)}) so gradients reach the encoder;</li>
 *   <li>{@code ids [B, h, w]} int64: the chosen code per position (row-major);</li>
 *   <li>commitment loss {@code mean |z - sg(q)|^2} (scalar);</li>
 *   <li>codebook loss {@code mean |sg(z) - q|^2} (scalar; 0 with EMA, where the codebook is not
 *       learned by gradient);</li>
 *   <li>{@code flat [B*h*w, D]}: the (detached) latent vectors that were quantized, for EMA updates
 *       and dead-code restarts.</li>
 * </ol>
 * The nearest code minimises the squared distance {@code |z|^2 - 2 z.c + |c|^2}; with
 * {@code l2NormalizedCodes} both sides are l2-normalised first, so the decoder sees unit codes.
 *
 * <p>ONNX: {@link #toOnnx} appends the search (MatMul with {@code -2 C^T}, add {@code |c|^2},
 * ArgMin) and returns the int64 ids {@code [B, h, w]}; {@link #lookupOnnx} appends the Gather of
 * ids into codes. The codebook is stored inside the graph.
 *
 * <p>The training-side updates ({@link #initializeFromLatents}, {@link #emaUpdate},
 * {@link #recordUsage}, {@link #restartDeadCodes}) run in plain Java on host copies; they are not
 * thread-safe and belong to the single training thread.
 */
public final class VectorQuantizer extends StaBlock {
    private static final float NORM_EPS = 1e-12f;
    private static final float LAPLACE_EPS = 1e-5f;

    private final VqVaeConfig config;
    private final int k;
    private final int d;
    private final Parameter codebook;
    private final Parameter clusterSize;
    private final Parameter embedSum;
    private final long[] usage;

    /** The quantizer of a configuration. */
    public VectorQuantizer(VqVaeConfig config) {
        this.config = config;
        this.k = config.codebookSize();
        this.d = config.codeDim();
        this.codebook = addParameter(Parameter.builder().setName("codebook").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(k, d)).optInitializer(new NormalInitializer(1f))
                .optRequiresGrad(!config.usesEma()).build());
        // EMA state lives in parameters without gradient so that checkpoints carry it.
        this.clusterSize = addParameter(Parameter.builder().setName("emaClusterSize").setType(Parameter.Type.OTHER)
                .optShape(new Shape(k)).optInitializer(new ConstantInitializer(0f)).optRequiresGrad(false).build());
        this.embedSum = addParameter(Parameter.builder().setName("emaEmbedSum").setType(Parameter.Type.OTHER)
                .optShape(new Shape(k, d)).optInitializer(new ConstantInitializer(0f)).optRequiresGrad(false).build());
        this.usage = new long[k];
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = inputs.singletonOrThrow();
        Shape s = z.getShape();
        NDArray flat = z.transpose(0, 2, 3, 1).reshape(-1, d); // [N, D], N = B*h*w, rows in (b, y, x) order
        NDArray codes = value(ps, codebook, z, training);      // [K, D]
        if (config.l2NormalizedCodes()) {
            flat = l2Normalize(flat);
            codes = l2Normalize(codes);
        }
        if (config.usesEma()) {
            codes = codes.stopGradient();
        }
        NDArray scores = flat.matMul(codes.transpose()).mul(-2f).add(codes.square().sum(new int[] {1}).reshape(1, k)); // [N, K]
        NDArray ids = scores.argMin(1);                                                     // [N] int64
        NDArray q = ids.oneHot(k).toType(DataType.FLOAT32, false).matMul(codes);            // [N, D]
        NDArray commitment = flat.sub(q.stopGradient()).square().mean();
        NDArray codebookLoss = config.usesEma() ? commitment.zerosLike() : flat.stopGradient().sub(q).square().mean();
        NDArray straight = flat.add(q.sub(flat).stopGradient());
        NDArray quantized = straight.reshape(s.get(0), s.get(2), s.get(3), d).transpose(0, 3, 1, 2); // [B, D, h, w]
        return new NDList(quantized, ids.reshape(s.get(0), s.get(2), s.get(3)), commitment, codebookLoss,
                flat.stopGradient());
    }

    /** Code vectors for ids {@code [B, h, w]} (int64) as a latent {@code [B, D, h, w]} (DJL side). */
    public NDArray lookup(NDArray codebookValue, NDArray ids) {
        Shape s = ids.getShape();
        NDArray codes = config.l2NormalizedCodes() ? l2Normalize(codebookValue) : codebookValue;
        NDArray q = ids.reshape(-1).oneHot(k).toType(DataType.FLOAT32, false).matMul(codes); // [N, D]
        return q.reshape(s.get(0), s.get(1), s.get(2), d).transpose(0, 3, 1, 2);          // [B, D, h, w]
    }

    /** The codebook parameter (raw, not normalised). */
    public Parameter codebookParameter() {
        return codebook;
    }

    private static NDArray l2Normalize(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).add(NORM_EPS).sqrt());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long n = s.get(0) * s.get(2) * s.get(3);
        return new Shape[] {s, new Shape(s.get(0), s.get(2), s.get(3)), new Shape(), new Shape(), new Shape(n, d)};
    }

    /** The codes as the decoder sees them ({@code [K*D]} row-major; normalised when configured). */
    public float[] effectiveCodebook() {
        float[] c = codebook.getArray().toFloatArray();
        if (config.l2NormalizedCodes()) {
            for (int i = 0; i < k; i++) {
                double n = 0;
                for (int j = 0; j < d; j++) {
                    n += (double) c[i * d + j] * c[i * d + j];
                }
                float inv = (float) (1.0 / Math.sqrt(n + NORM_EPS));
                for (int j = 0; j < d; j++) {
                    c[i * d + j] *= inv;
                }
            }
        }
        return c;
    }

    /** Appends the nearest-code search for latent {@code z [B, D, h, w]}; returns int64 ids {@code [B, h, w]}. */
    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String z = inputs[0];
        String flat = g.reshape(g.transpose(z, 0, 2, 3, 1), -1, d); // [N, D]
        if (config.l2NormalizedCodes()) {
            String sumSq = g.node("ReduceSum", null, List.of(g.mul(flat, flat), g.int64s(1)), Attr.i("keepdims", 1));
            flat = g.div(flat, g.unary("Sqrt", g.add(sumSq, g.scalar(NORM_EPS))));
        }
        float[] c = effectiveCodebook();
        float[] minusTwoCt = new float[d * k];  // [D, K]
        float[] sqNorms = new float[k];         // [K]
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                minusTwoCt[j * k + i] = -2f * c[i * d + j];
                sqNorms[i] += c[i * d + j] * c[i * d + j];
            }
        }
        String scores = g.add(g.matMul(flat, g.initializer(name + ".minusTwoCodebookT", minusTwoCt, d, k)),
                g.initializer(name + ".codeSquaredNorms", sqNorms, k)); // [N, K]
        String ids = g.node("ArgMin", null, List.of(scores), Attr.i("axis", 1), Attr.i("keepdims", 0)); // [N]
        String gridShape = g.gather(g.shape(z), g.int64s(0, 2, 3), 0); // [B, h, w]
        return g.reshapeTo(ids, gridShape);
    }

    /** Appends the code lookup for int64 ids {@code [B, h, w]}; returns the latent {@code [B, D, h, w]}. */
    public String lookupOnnx(OnnxGraphBuilder g, String name, String ids) {
        String table = g.initializer(name + ".codebook", effectiveCodebook(), k, d);
        return g.transpose(g.gather(table, ids, 0), 0, 3, 1, 2); // [B, h, w, D] -> [B, D, h, w]
    }

    // ------------------------------------------------------------------ training-side updates

    /**
     * Sets every code to a distinct random row of {@code flat} (the latents of a first batch), so
     * codes start where the data is; resets the EMA state to those codes with count 1.
     *
     * @param flat latents {@code [N, D]} row-major
     */
    public void initializeFromLatents(float[] flat, SplittableRandom rng) {
        int n = rows(flat);
        float[] c = new float[k * d];
        for (int i = 0; i < k; i++) {
            int row = rng.nextInt(n);
            System.arraycopy(flat, row * d, c, i * d, d);
            jitter(c, i, rng);
        }
        codebook.getArray().set(c);
        float[] ones = new float[k];
        Arrays.fill(ones, 1f);
        clusterSize.getArray().set(ones);
        embedSum.getArray().set(c);
        Arrays.fill(usage, 0);
    }

    /**
     * One exponential-moving-average codebook step: counts and sums of the latents assigned to each
     * code decay into the running state; each code becomes its running sum over its
     * Laplace-smoothed running count.
     *
     * @param ids chosen code per latent row ({@code [N]})
     * @param flat latents {@code [N, D]} row-major
     */
    public void emaUpdate(long[] ids, float[] flat) {
        float[][] stats = assignmentStats(ids, flat);
        emaUpdate(stats[0], stats[1]);
    }

    /**
     * Per-code counts {@code [K]} and sums {@code [K*D]} of latent rows assigned to each code: the
     * batch statistics an EMA step needs ({@code result[0]} counts, {@code result[1]} sums).
     */
    public float[][] assignmentStats(long[] ids, float[] flat) {
        int n = rows(flat);
        if (ids.length != n) {
            throw new VqVaeException("got " + ids.length + " ids for " + n + " latent rows; accepted: one id per row");
        }
        float[] counts = new float[k];
        float[] sums = new float[k * d];
        for (int r = 0; r < n; r++) {
            int code = (int) ids[r];
            counts[code] += 1f;
            for (int j = 0; j < d; j++) {
                sums[code * d + j] += flat[r * d + j];
            }
        }
        return new float[][] {counts, sums};
    }

    /**
     * One EMA step from batch statistics (see {@link #assignmentStats}).
     *
     * @param counts latents assigned per code {@code [K]}
     * @param sums sum of the latents assigned per code {@code [K*D]}
     */
    public void emaUpdate(float[] counts, float[] sums) {
        if (!config.usesEma()) {
            throw new IllegalStateException("emaUpdate called but the configuration has emaDecay 0 (gradient codebook)");
        }
        if (counts.length != k || sums.length != k * d) {
            throw new VqVaeException("EMA statistics have " + counts.length + " counts and " + sums.length
                    + " sums; accepted: " + k + " and " + k * d);
        }
        float decay = config.emaDecay();
        float[] cs = clusterSize.getArray().toFloatArray();
        float[] es = embedSum.getArray().toFloatArray();
        double total = 0;
        for (int i = 0; i < k; i++) {
            cs[i] = decay * cs[i] + (1f - decay) * counts[i];
            total += cs[i];
        }
        for (int i = 0; i < k * d; i++) {
            es[i] = decay * es[i] + (1f - decay) * sums[i];
        }
        float[] c = new float[k * d];
        for (int i = 0; i < k; i++) {
            double smoothed = (cs[i] + LAPLACE_EPS) / (total + k * LAPLACE_EPS) * total;
            for (int j = 0; j < d; j++) {
                c[i * d + j] = (float) (es[i * d + j] / smoothed);
            }
        }
        clusterSize.getArray().set(cs);
        embedSum.getArray().set(es);
        codebook.getArray().set(c);
    }

    /** Adds one batch's chosen codes to the usage counts that {@link #restartDeadCodes} checks. */
    public void recordUsage(long[] ids) {
        for (long id : ids) {
            usage[(int) id]++;
        }
    }

    /** Uses per code since the last restart check (a copy). */
    public long[] usageSinceCheck() {
        return usage.clone();
    }

    /** Sets the usage counts (when a resumed run restores them). */
    public void restoreUsage(long[] counts) {
        if (counts.length != k) {
            throw new VqVaeException("usage counts hold " + counts.length + " codes; accepted: " + k);
        }
        System.arraycopy(counts, 0, usage, 0, k);
    }

    /**
     * Re-initialises every code used fewer than {@code deadCodeThreshold} times since the last
     * check to a random latent row of {@code flat} (plus a tiny jitter so restarted codes differ),
     * then clears the usage counts.
     *
     * @param flat latents {@code [N, D]} of the current batch
     * @return how many codes were restarted
     */
    public int restartDeadCodes(float[] flat, SplittableRandom rng) {
        if (config.deadCodeThreshold() <= 0f) {
            Arrays.fill(usage, 0);
            return 0;
        }
        int n = rows(flat);
        float[] c = codebook.getArray().toFloatArray();
        float[] cs = clusterSize.getArray().toFloatArray();
        float[] es = embedSum.getArray().toFloatArray();
        int restarted = 0;
        for (int i = 0; i < k; i++) {
            if (usage[i] < config.deadCodeThreshold()) {
                int row = rng.nextInt(n);
                System.arraycopy(flat, row * d, c, i * d, d);
                jitter(c, i, rng);
                cs[i] = 1f;
                System.arraycopy(c, i * d, es, i * d, d);
                restarted++;
            }
        }
        if (restarted > 0) {
            codebook.getArray().set(c);
            clusterSize.getArray().set(cs);
            embedSum.getArray().set(es);
        }
        Arrays.fill(usage, 0);
        return restarted;
    }

    private void jitter(float[] c, int code, SplittableRandom rng) {
        for (int j = 0; j < d; j++) {
            c[code * d + j] += (float) ((rng.nextDouble() - 0.5) * 1e-3);
        }
    }

    private int rows(float[] flat) {
        if (flat.length == 0 || flat.length % d != 0) {
            throw new VqVaeException("latent rows hold " + flat.length + " values; accepted: a non-empty multiple of codeDim " + d);
        }
        return flat.length / d;
    }
}
