package org.speaktheart.diffusion.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.loss.DiffusionLoss;
import org.speaktheart.diffusion.loss.LossConfig;
import org.speaktheart.diffusion.process.DiscreteDiffusion;
import org.speaktheart.diffusion.process.Jump;

/**
 * The VQ-Diffusion training loss on DJL arrays, so that it back-propagates into the denoiser: the
 * tensor mirror of {@link DiffusionLoss} (same terms, tested equal to it).
 *
 * <p>Split in two. {@link #targets} runs in plain Java on the clean and noisy tokens only (nothing
 * there depends on the network): the true posterior {@code q(x_{t-1} | x_t, x_0)} of every token
 * has at most four distinct values (one shared by most codes, one at x0, one at x_t, one at
 * [MASK]), so it travels to the engine as four scalars plus its negative entropy instead of a
 * dense {@code [B, N, K + 1]} array. {@link #loss} then computes, from the network's logits, the
 * model posterior {@code p(x_{t-1} | x_t)} in log space (docs/diffusion.md eq. D5, the same
 * algebra as {@link DiscreteDiffusion#posterior}), the KL for {@code t >= 2}, the decoder NLL at
 * {@code t = 1} and the auxiliary x0 cross-entropy, divided by the draw probability of t and
 * averaged over the batch's tokens.
 */
public final class TensorDiffusionLoss {
    /** Stand-in for log 0 in the per-step constants, so no -inf reaches the engine (exp(-1e4) is 0). */
    private static final double LOG_ZERO = -1e4;
    private static final int CONSTANTS = 9;

    private final DiscreteDiffusion process;
    private final LossConfig config;
    private final int k;
    private final float[][] constants; // [t][constant], t = 1..T

    /** A loss for a process and loss weights. */
    public TensorDiffusionLoss(DiscreteDiffusion process, LossConfig config) {
        this.process = process;
        this.config = config;
        this.k = process.codebookSize();
        this.constants = new float[process.steps() + 1][];
        for (int t = 1; t <= process.steps(); t++) {
            Jump j = process.jump(t - 1, t);
            constants[t] = new float[] {
                floor(j.logAlphaBarFrom()), floor(j.logBetaBarFrom()), floor(j.logGammaBarFrom()),
                floor(j.logBetaBarTo()), floor(j.logAlphaPlusBetaBarTo()), floor(j.logGammaBarTo()),
                floor(j.logBeta()), floor(j.logAlphaPlusBeta()), floor(j.logGamma())};
        }
    }

    private static float floor(double logValue) {
        return (float) Math.max(logValue, LOG_ZERO);
    }

    /**
     * Everything of a batch that does not depend on the network, as host arrays.
     *
     * @param batch B
     * @param length N
     * @param x0 clean tokens {@code [B * N]}
     * @param xt noisy tokens {@code [B * N]}
     * @param t 1-based timesteps {@code [B]}
     * @param pt draw probabilities of t {@code [B]}
     * @param base per token: the true posterior's value shared by most codes
     * @param atX0 per token: its value at x0 minus {@code base}
     * @param atXt per token: its value at x_t minus {@code base} (0 when x_t is [MASK] or x0)
     * @param atMask per token: its value at [MASK]
     * @param negEntropy per token: {@code sum P log P} of the true posterior
     * @param weight per token: the masked or unmasked weight of the KL and auxiliary terms
     */
    public record Targets(int batch, int length, long[] x0, long[] xt, int[] t, double[] pt, float[] base,
                          float[] atX0, float[] atXt, float[] atMask, float[] negEntropy, float[] weight) {
    }

    /**
     * Computes the network-independent part of the loss of a batch.
     *
     * @throws DiffusionArgumentException when tokens or timesteps are out of range
     */
    public Targets targets(int batch, int length, int[] x0, int[] xt, int[] t, double[] pt) {
        if (x0.length != batch * length || xt.length != batch * length || t.length != batch || pt.length != batch) {
            throw new DiffusionArgumentException("targets need x0 and xt of B * N = " + batch * length
                    + " entries and t, pt of B = " + batch);
        }
        int n = batch * length;
        long[] x0l = new long[n];
        long[] xtl = new long[n];
        float[] base = new float[n];
        float[] atX0 = new float[n];
        float[] atXt = new float[n];
        float[] atMask = new float[n];
        float[] negEntropy = new float[n];
        float[] weight = new float[n];
        float[] row = new float[k + 1];
        for (int b = 0; b < batch; b++) {
            if (t[b] < 1 || t[b] > process.steps()) {
                throw new DiffusionArgumentException("t[" + b + "] must be in [1, " + process.steps() + "], got " + t[b]);
            }
            if (!(pt[b] > 0 && pt[b] <= 1)) {
                throw new DiffusionArgumentException("pt[" + b + "] must be in (0, 1], got " + pt[b]);
            }
            Jump jump = process.jump(t[b] - 1, t[b]);
            for (int i = b * length; i < (b + 1) * length; i++) {
                int clean = x0[i];
                int noisy = xt[i];
                if (clean < 0 || clean >= k || noisy < 0 || noisy > k) {
                    throw new DiffusionArgumentException("token " + i + ": x0 must be in [0, " + (k - 1)
                            + "] and x_t in [0, " + k + "], got " + clean + " and " + noisy);
                }
                x0l[i] = clean;
                xtl[i] = noisy;
                weight[i] = (float) (noisy == k ? config.maskedWeight() : config.unmaskedWeight());
                if (t[b] == 1) {
                    continue; // decoder NLL: no true posterior needed
                }
                DiscreteDiffusion.posteriorGivenToken(jump, clean, noisy, row, 0);
                int other = 0;
                while (other == clean || other == noisy) {
                    other++;
                }
                double c = other < k ? Math.exp(row[other]) : 0.0;
                base[i] = (float) c;
                atX0[i] = (float) (Math.exp(row[clean]) - c);
                atXt[i] = noisy < k && noisy != clean ? (float) (Math.exp(row[noisy]) - c) : 0f;
                atMask[i] = (float) Math.exp(row[k]);
                double h = 0;
                for (float lp : row) {
                    if (lp != Float.NEGATIVE_INFINITY) {
                        h += Math.exp(lp) * lp;
                    }
                }
                negEntropy[i] = (float) h;
            }
        }
        return new Targets(batch, length, x0l, xtl, t.clone(), pt.clone(), base, atX0, atXt, atMask, negEntropy, weight);
    }

    /**
     * The loss of a batch.
     *
     * @param logits the network's output {@code [B, N, K]}
     * @param targets from {@link #targets}
     * @return {@code [0]} the scalar loss (mean over the {@code B * N} tokens, as the original code),
     *     {@code [1]} the per-grid variational terms {@code [B]} (what the importance sampler records)
     */
    public NDArray[] loss(NDArray logits, Targets targets) {
        int b = targets.batch();
        int n = targets.length();
        NDManager m = logits.getManager();
        Shape tokens = new Shape(b, n, 1);
        NDArray logX0 = logits.logSoftmax(-1);                                   // [B, N, K]
        NDArray x0 = m.create(targets.x0(), tokens);                              // [B, N, 1]
        long[] xtCode = targets.xt().clone();
        float[] maskFlags = new float[xtCode.length];
        for (int i = 0; i < xtCode.length; i++) {
            if (xtCode[i] == k) {
                maskFlags[i] = 1f;
                xtCode[i] = 0; // any valid index; masked positions use the mask branch only
            }
        }
        NDArray xt = m.create(xtCode, tokens);
        NDArray isMask = m.create(maskFlags, tokens);
        NDArray isCode = isMask.neg().add(1);
        NDArray onehotXt = m.create(xtCode, new Shape(b, n)).oneHot(k).mul(isCode);  // [B, N, K]

        float[][] perItem = new float[CONSTANTS][b];
        for (int i = 0; i < b; i++) {
            float[] c = constants[targets.t()[i]];
            for (int j = 0; j < CONSTANTS; j++) {
                perItem[j][i] = c[j];
            }
        }
        NDArray[] c = new NDArray[CONSTANTS];
        for (int j = 0; j < CONSTANTS; j++) {
            c[j] = m.create(perItem[j], new Shape(b, 1, 1));
        }
        NDArray logAbarS = c[0];
        NDArray logBbarS = c[1];
        NDArray logGbarS = c[2];
        NDArray logBbarT = c[3];
        NDArray logApbBbarT = c[4];
        NDArray logGbarT = c[5];
        NDArray logBeta = c[6];
        NDArray logAlphaPlusBeta = c[7];
        NDArray logGamma = c[8];

        NDArray logSum = logSumExp(logX0);                    // [B, N, 1], 0 up to rounding
        // x_t is a code k: w(x0) = p(x0) / q(x_t | x0), S = sum w (docs eq. D5)
        NDArray lpk = logX0.gather(xt, 2);                                        // [B, N, 1]
        NDArray logOthers = logSumExp(logX0.sub(onehotXt.mul(1e4f)));
        NDArray logWk = lpk.sub(logApbBbarT);
        NDArray logS = logAddExp(logOthers.sub(logBbarT), logWk);
        NDArray bTerm = logBbarS.add(logS);
        NDArray codeOut = logBeta.add(logAddExp(logAbarS.sub(logBbarT).add(logX0), bTerm)); // [B, N, K], j != k
        NDArray codeOutK = logAlphaPlusBeta.add(logAddExp(logAbarS.add(logWk), bTerm));      // [B, N, 1], j == k
        NDArray codeOutAtK = codeOut.gather(xt, 2);
        NDArray codeSum = codeOut.sum(new int[] {2}, true).sub(codeOutAtK).add(codeOutK);
        NDArray x0IsXt = x0.eq(xt).toType(logits.getDataType(), false);
        NDArray codeAtX0 = codeOut.gather(x0, 2).mul(x0IsXt.neg().add(1)).add(codeOutK.mul(x0IsXt));
        // x_t is [MASK]: q(x_t | x0) = gammaBar_t for every x0
        NDArray maskOut = logGamma.sub(logGbarT).add(logAddExp(logAbarS.add(logX0), logBbarS.add(logSum)));
        NDArray maskOutMask = logGbarS.sub(logGbarT).add(logSum);                  // [B, N, 1]
        NDArray maskSum = maskOut.sum(new int[] {2}, true);
        NDArray maskAtX0 = maskOut.gather(x0, 2);

        NDArray base = m.create(targets.base(), tokens);
        NDArray atX0 = m.create(targets.atX0(), tokens);
        NDArray atXt = m.create(targets.atXt(), tokens);
        NDArray atMask = m.create(targets.atMask(), tokens);
        NDArray negEntropy = m.create(targets.negEntropy(), tokens);
        NDArray weight = m.create(targets.weight(), tokens);

        NDArray crossCode = base.mul(codeSum).add(atX0.mul(codeAtX0)).add(atXt.mul(codeOutK));
        NDArray crossMask = base.mul(maskSum).add(atX0.mul(maskAtX0)).add(atMask.mul(maskOutMask));
        NDArray cross = crossCode.mul(isCode).add(crossMask.mul(isMask));
        NDArray kl = negEntropy.sub(cross).mul(weight);                            // [B, N, 1]
        NDArray modelAtX0 = codeAtX0.mul(isCode).add(maskAtX0.mul(isMask));
        NDArray nll = modelAtX0.neg();                                             // decoder term at t = 1
        NDArray aux = logX0.gather(x0, 2).neg().mul(weight);

        float[] isFirst = new float[b];
        float[] auxScale = new float[b];
        float[] invPt = new float[b];
        for (int i = 0; i < b; i++) {
            int t = targets.t()[i];
            isFirst[i] = t == 1 ? 1f : 0f;
            double adaptive = config.adaptiveAuxiliary() ? 2.0 - (double) (t - 1) / process.steps() : 1.0;
            auxScale[i] = (float) (config.auxiliaryWeight() * adaptive);
            invPt[i] = (float) (1.0 / targets.pt()[i]);
        }
        NDArray first = m.create(isFirst, new Shape(b, 1, 1));
        NDArray later = first.neg().add(1);
        NDArray variational = nll.mul(first).add(kl.mul(later)).sum(new int[] {1, 2});  // [B]
        NDArray auxiliary = nll.mul(first).add(aux.mul(later)).sum(new int[] {1, 2});   // [B]
        NDArray perGrid = variational.add(auxiliary.mul(m.create(auxScale))).mul(m.create(invPt));
        NDArray total = perGrid.sum().div((float) b * n);
        return new NDArray[] {total, variational};
    }

    /** log sum exp over the last axis of {@code [B, N, K]}, kept as {@code [B, N, 1]}. */
    private static NDArray logSumExp(NDArray x) {
        NDArray max = x.max(new int[] {2}, true);
        return x.sub(max).exp().sum(new int[] {2}, true).log().add(max);
    }

    private static NDArray logAddExp(NDArray a, NDArray b) {
        NDArray max = NDArrays.maximum(a, b);
        return max.add(a.sub(max).exp().add(b.sub(max).exp()).log());
    }
}
