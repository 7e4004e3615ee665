/**
 * VQ-Diffusion: discrete diffusion over image tokens, conditioned on an embedding.
 *
 * <p>Planned by the sta-diffusion issue; this module holds no code yet.
 */
package org.speaktheart.diffusion;
