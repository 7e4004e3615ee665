/**
 * Training the denoiser on the sta-core harness: the VQ-Diffusion loss on DJL tensors, the training task with importance-sampled timesteps, the in-memory dataset of token grids and conditions.
 */
package org.speaktheart.diffusion.training;
