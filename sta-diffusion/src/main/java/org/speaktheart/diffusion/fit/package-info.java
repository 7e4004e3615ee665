/**
 * How well a trained denoiser fits known token grids: the negative log-likelihood and accuracy of its
 * {@code x_0} prediction at chosen timesteps, with its condition and with the null condition. Plain Java
 * over the samplers' {@code Denoiser} interface, so it measures the ONNX and the DJL network alike.
 */
package org.speaktheart.diffusion.fit;
