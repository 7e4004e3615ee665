package org.speaktheart.diffusion.process;

import java.util.SplittableRandom;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/**
 * The mask-and-replace forward process of VQ-Diffusion (Gu et al. 2022) and its posteriors, in log
 * space as the original code computes them.
 *
 * <p>Layouts: a distribution over a token is a run of {@code K + 1} log-probabilities (index {@code K}
 * = [MASK]) unless it is a prediction of {@code x_0}, which has {@code K} entries (the clean grid never
 * holds [MASK]). Rows are read from and written to caller arrays at an offset, so batches of
 * {@code [B, N, K]} are processed position by position without allocation.
 *
 * <p>Thread-safe: all state is immutable after construction.
 */
public final class DiscreteDiffusion {

    private final NoiseSchedule schedule;
    private final int k;
    private final Jump[] oneStep;   // [t] = jump t-1 -> t, t = 1..T
    private final Jump[] marginal;  // [t] = jump 0 -> t, t = 1..T

    /** Precomputes the one-step and marginal constants of every t. */
    public DiscreteDiffusion(NoiseSchedule schedule) {
        if (schedule == null) {
            throw new DiffusionArgumentException("schedule must not be null");
        }
        this.schedule = schedule;
        this.k = schedule.codebookSize();
        int steps = schedule.steps();
        this.oneStep = new Jump[steps + 1];
        this.marginal = new Jump[steps + 1];
        for (int t = 1; t <= steps; t++) {
            oneStep[t] = Jump.of(schedule, t - 1, t);
            marginal[t] = Jump.of(schedule, 0, t);
        }
    }

    /** The schedule this process runs. */
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** K, the number of codebook tokens. */
    public int codebookSize() {
        return k;
    }

    /** The [MASK] id (= K). */
    public int maskToken() {
        return k;
    }

    /** T. */
    public int steps() {
        return schedule.steps();
    }

    /** The jump {@code s -> t} (cached for {@code s = t - 1} and {@code s = 0}, computed otherwise). */
    public Jump jump(int s, int t) {
        if (t >= 1 && t <= steps() && s == t - 1) {
            return oneStep[t];
        }
        if (t >= 1 && t <= steps() && s == 0) {
            return marginal[t];
        }
        return Jump.of(schedule, s, t);
    }

    /**
     * Applies the jump's transition to a distribution over {@code x_s}: {@code out = log(Q_{s->t} x)},
     * that is {@code q(x_t | x_s)} marginalised over {@code x_s} (the original code's {@code q_pred}
     * for {@code s = 0} and {@code q_pred_one_timestep} for {@code s = t - 1}). Exact also for an
     * unnormalised {@code x}.
     *
     * @param logX  log-distribution over {@code x_s}, {@code K + 1} entries from {@code xOff}
     * @param out   receives {@code K + 1} log-probabilities over {@code x_t} from {@code outOff}
     */
    public static void transition(Jump jump, float[] logX, int xOff, float[] out, int outOff) {
        int kk = jump.codebookSize();
        // Mass on codebook tokens: replacement and masking act on it, not on [MASK].
        double logCodes = LogMath.logSumExp(logX, xOff, kk);
        double replace = jump.logBeta() + logCodes;
        for (int j = 0; j < kk; j++) {
            out[outOff + j] = (float) LogMath.logAddExp(logX[xOff + j] + jump.logAlpha(), replace);
        }
        out[outOff + kk] = (float) LogMath.logAddExp(logX[xOff + kk], jump.logGamma() + logCodes);
    }

    /** {@code log q(x_t = . | x_0 = x0)} for a clean token, {@code K + 1} entries written from {@code outOff}. */
    public void marginalOfToken(int t, int x0, float[] out, int outOff) {
        checkCode(x0, "x0");
        Jump m = jump(0, checkT(t));
        for (int j = 0; j < k; j++) {
            out[outOff + j] = (float) (j == x0 ? m.logAlphaPlusBetaBarTo() : m.logBetaBarTo());
        }
        out[outOff + k] = (float) m.logGammaBarTo();
    }

    /**
     * The model posterior {@code p(x_s | x_t) = sum_{x0} q(x_s | x_t, x0) p(x0 | x_t)} for one token
     * (the reparameterisation of Gu et al. 2022, generalised to a jump {@code s < t - 1} for their fast
     * inference strategy; docs/diffusion.md eq. D5), in log space.
     *
     * <p>With {@code w(x0) = p(x0) / q(x_t | x0)} and {@code S = sum w}, the sum is
     * {@code q(x_t | x_s) * (alphaBar_s w(x_s) + betaBar_s S)} for codebook {@code x_s} and
     * {@code q(x_t | mask) gammaBar_s S} for [MASK]. The function is linear in {@code p}: the result
     * sums to {@code sum p}, so a normalised prediction gives a normalised posterior.
     *
     * @param logX0 log {@code p(x0 | x_t)} over the K codebook tokens, from {@code x0Off}
     * @param xt    the token at step t ({@code 0..K}, K = [MASK])
     * @param out   receives {@code K + 1} log-probabilities over {@code x_s} from {@code outOff}
     */
    public static void posterior(Jump jump, float[] logX0, int x0Off, int xt, float[] out, int outOff) {
        int kk = jump.codebookSize();
        double logAbarS = jump.logAlphaBarFrom();
        double logBbarS = jump.logBetaBarFrom();
        if (xt == kk) {
            // x_t = [MASK]: q(x_t | x0) = gammaBar_t for every codebook x0, so w = p / gammaBar_t.
            double logS = LogMath.logSumExp(logX0, x0Off, kk);
            double c = jump.logGamma() - jump.logGammaBarTo();
            double b = logBbarS + logS;
            for (int j = 0; j < kk; j++) {
                out[outOff + j] = (float) (c + LogMath.logAddExp(logAbarS + logX0[x0Off + j], b));
            }
            out[outOff + kk] = (float) (jump.logGammaBarFrom() - jump.logGammaBarTo() + logS);
            return;
        }
        // x_t = code: q(x_t | x0) = alphaBar_t + betaBar_t if x0 = x_t else betaBar_t.
        double lpk = logX0[x0Off + xt];
        double logOthers = logSumExpExcept(logX0, x0Off, kk, xt);
        double logBbarT = jump.logBetaBarTo();
        double logWk = lpk - jump.logAlphaPlusBetaBarTo();
        double logS = LogMath.logAddExp(logOthers - logBbarT, logWk);
        double a = logAbarS - logBbarT;
        double b = logBbarS + logS;
        double logBeta = jump.logBeta();
        for (int j = 0; j < kk; j++) {
            out[outOff + j] = (float) (logBeta + LogMath.logAddExp(a + logX0[x0Off + j], b));
        }
        out[outOff + xt] = (float) (jump.logAlphaPlusBeta() + LogMath.logAddExp(logAbarS + logWk, b));
        out[outOff + kk] = Float.NEGATIVE_INFINITY; // a codebook token never comes from [MASK]
    }

    /**
     * Draws {@code x_s ~ p(x_s | x_t)} for one token: the Gumbel-max draw from the row that
     * {@link #posterior} computes, fused for speed. The row is evaluated in probability space relative to
     * its largest term and the draw is written as the exponential race {@code argmax_j P_j / E_j} with
     * exponential {@code E_j}, which is {@code argmax_j log P_j + G_j} with the Gumbel variate
     * {@code G_j = -log E_j}: one variate per non-zero entry, consumed in index order (codebook tokens,
     * then [MASK]), as {@code GumbelMax} of the sampling package consumes them. One exponential function
     * per entry remains (the normaliser); the posterior's logarithms and the Gumbel noise's are gone.
     *
     * @param logX0   log {@code p(x0 | x_t)} over the K codebook tokens from {@code x0Off} (normalised or not)
     * @param xt      the token at step t ({@code 0..K})
     * @param scratch at least K doubles, overwritten
     * @return the token at step s ({@code 0..K})
     * @throws DiffusionArgumentException if the prediction row has no finite entry or holds NaN
     */
    public static int samplePosterior(Jump jump, float[] logX0, int x0Off, int xt, SplittableRandom rng,
            double[] scratch) {
        int kk = jump.codebookSize();
        double logAbarS = jump.logAlphaBarFrom();
        double logBbarS = jump.logBetaBarFrom();
        boolean masked = xt == kk;
        float max = rowMax(logX0, x0Off, kk, masked ? -1 : xt);
        // scratch[j] = exp(lp_j - max): the normaliser's terms, reused as the rows' shapes below.
        double sum = 0;
        for (int j = 0; j < kk; j++) {
            double e = max == Float.NEGATIVE_INFINITY ? 0.0 : Math.exp(logX0[x0Off + j] - max);
            scratch[j] = e;
            if (j != xt) {
                sum += e;
            }
        }
        if (masked) {
            if (max == Float.NEGATIVE_INFINITY) {
                throw new DiffusionArgumentException("the prediction row has no finite log-probability");
            }
            if (jump.logGamma() == LogMath.NEG_INF) {
                return kk; // no masking between s and t: a [MASK] at t was a [MASK] at s
            }
            double logS = max + Math.log(sum);
            // Relative to exp(c + m0): P_j = exp(logAbarS + lp_j - m0) + exp(b - m0), c = log gamma - log gammaBar_t.
            double b = logBbarS + logS;
            double m0 = Math.max(logAbarS + max, b);
            double floor = Math.exp(b - m0);
            double scale = Math.exp(logAbarS + max - m0);
            int best = -1;
            double bestScore = -1;
            for (int j = 0; j < kk; j++) {
                double p = scale * scratch[j] + floor;
                if (p == 0) {
                    continue;
                }
                double score = p / Noise.exponential(rng);
                if (score > bestScore) {
                    best = j;
                    bestScore = score;
                }
            }
            double logMask = jump.logGammaBarFrom() - jump.logGamma() + logS - m0;
            if (logMask != LogMath.NEG_INF && Math.exp(logMask) / Noise.exponential(rng) > bestScore) {
                best = kk;
            }
            return checkDrawn(best, xt);
        }
        float lpk = logX0[x0Off + xt];
        double logOthers = max == Float.NEGATIVE_INFINITY ? LogMath.NEG_INF : max + Math.log(sum);
        double logBbarT = jump.logBetaBarTo();
        double logWk = lpk - jump.logAlphaPlusBetaBarTo();
        double logS = LogMath.logAddExp(logOthers - logBbarT, logWk);
        if (logS == LogMath.NEG_INF || Double.isNaN(logS)) {
            throw new DiffusionArgumentException("the prediction row has no finite log-probability (got " + logS + ")");
        }
        double a = logAbarS - logBbarT;
        double b = logBbarS + logS;
        double stayTerm = logAbarS + logWk;
        double m0 = Math.max(Math.max(a + max, stayTerm), b);
        double floor = Math.exp(b - m0);
        double scale = Math.exp(a + max - m0);
        // Relative to exp(log(alpha + beta) + m0): P_j = beta/(alpha+beta) (exp(a + lp_j - m0) + floor), j != x_t.
        double ratio = Math.exp(jump.logBeta() - jump.logAlphaPlusBeta());
        int best = -1;
        double bestScore = -1;
        for (int j = 0; j < kk; j++) {
            double p = j == xt ? Math.exp(stayTerm - m0) + floor : ratio * (scale * scratch[j] + floor);
            if (p == 0) {
                continue;
            }
            double score = p / Noise.exponential(rng);
            if (score > bestScore) {
                best = j;
                bestScore = score;
            }
        }
        return checkDrawn(best, xt);
    }

    private static int checkDrawn(int token, int xt) {
        if (token < 0) {
            throw new DiffusionArgumentException("the posterior given x_t = " + xt
                    + " has no entry of positive probability in double precision");
        }
        return token;
    }

    private static float rowMax(float[] x, int off, int len, int skip) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            float v = x[off + j];
            if (Float.isNaN(v)) {
                throw new DiffusionArgumentException("log-probability " + j + " of the prediction row is NaN");
            }
            if (j != skip && v > max) {
                max = v;
            }
        }
        return max;
    }

    /**
     * The true posterior {@code q(x_s | x_t, x_0 = x0)} by Bayes' rule on the closed-form transitions:
     * {@code q(x_t | x_s) q(x_s | x0) / q(x_t | x0)}. Used for the training target.
     *
     * @param x0  the clean token ({@code 0..K-1})
     * @param xt  the token at step t ({@code 0..K})
     * @param out receives {@code K + 1} log-probabilities over {@code x_s} from {@code outOff}
     * @throws DiffusionArgumentException if {@code x_t} is impossible given {@code x0} (cannot happen for a valid schedule)
     */
    public static void posteriorGivenToken(Jump jump, int x0, int xt, float[] out, int outOff) {
        int kk = jump.codebookSize();
        double logEvidence = xt == kk ? jump.logGammaBarTo()
                : (xt == x0 ? jump.logAlphaPlusBetaBarTo() : jump.logBetaBarTo());
        if (logEvidence == LogMath.NEG_INF) {
            throw new DiffusionArgumentException("x_t = " + xt + " has probability 0 given x0 = " + x0);
        }
        double logStayFrom = LogMath.logAddExp(jump.logAlphaBarFrom(), jump.logBetaBarFrom());
        for (int j = 0; j <= kk; j++) {
            double lik; // log q(x_t | x_s = j)
            if (xt == kk) {
                lik = j == kk ? 0.0 : jump.logGamma();
            } else {
                lik = j == kk ? LogMath.NEG_INF : (j == xt ? jump.logAlphaPlusBeta() : jump.logBeta());
            }
            double prior = j == kk ? jump.logGammaBarFrom() : (j == x0 ? logStayFrom : jump.logBetaBarFrom());
            out[outOff + j] = (float) (lik + prior - logEvidence);
        }
    }

    /**
     * Draws {@code x_t ~ q(x_t | x_0)} for every token of a grid: kept with {@code alphaBar_t}, masked
     * with {@code gammaBar_t}, otherwise replaced by a uniform codebook token (which may be the same).
     *
     * @param x0  clean tokens ({@code 0..K-1}), any length
     * @param out receives the noisy tokens, same length (may be {@code x0} itself)
     */
    public void sampleForward(int[] x0, int t, SplittableRandom rng, int[] out) {
        checkT(t);
        if (out.length != x0.length) {
            throw new DiffusionArgumentException("out must have the length of x0 = " + x0.length + ", got " + out.length);
        }
        double keep = schedule.alphaBar(t);
        double keepOrMask = keep + schedule.gammaBar(t);
        for (int i = 0; i < x0.length; i++) {
            checkCode(x0[i], "x0[" + i + "]");
            double u = rng.nextDouble();
            out[i] = u < keep ? x0[i] : (u < keepOrMask ? k : rng.nextInt(k));
        }
    }

    private static double logSumExpExcept(float[] x, int off, int len, int skip) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            if (j != skip && x[off + j] > max) {
                max = x[off + j];
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return LogMath.NEG_INF;
        }
        double sum = 0;
        for (int j = 0; j < len; j++) {
            if (j != skip) {
                sum += Math.exp(x[off + j] - max);
            }
        }
        return max + Math.log(sum);
    }

    private int checkT(int t) {
        if (t < 1 || t > steps()) {
            throw new DiffusionArgumentException("timestep must be in [1, " + steps() + "], got " + t);
        }
        return t;
    }

    private void checkCode(int token, String what) {
        if (token < 0 || token >= k) {
            throw new DiffusionArgumentException(what + " must be a codebook token in [0, " + (k - 1) + "], got " + token);
        }
    }
}
