package org.speaktheart.diffusion.loss;

/**
 * The loss of one grid at one timestep, summed over its N positions.
 *
 * @param t                 the 1-based timestep
 * @param variationalTerm   {@code L_{t-1}}: weighted KL between the true and the model posterior of
 *                          {@code x_{t-1}} for {@code t >= 2}, the decoder NLL {@code -log p(x_0 | x_1)}
 *                          for {@code t = 1}; the value the importance sampler of t records
 * @param auxiliaryTerm     weighted {@code -log p(x_0 | x_t)} of the true tokens ({@code t >= 2}); the
 *                          decoder NLL at {@code t = 1}, as the original code
 * @param loss              {@code variationalTerm / pt + lambda * a(t) * auxiliaryTerm / pt}
 */
public record LossTerms(int t, double variationalTerm, double auxiliaryTerm, double loss) {
}
