package org.speaktheart.diffusion.sampling;

/**
 * What a sampler reports after each step.
 *
 * @param step         1-based index of the step just done
 * @param totalSteps   number of steps of this run
 * @param fromT        the step t the grid came from
 * @param toT          the step s it went to ({@code 0} at the end)
 * @param maskedTokens [MASK] tokens left over the whole batch
 */
public record SamplingProgress(int step, int totalSteps, int fromT, int toT, int maskedTokens) {
}
