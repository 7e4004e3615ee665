/**
 * The VQ-VAE image tokenizer: images to token grids and back.
 *
 * <p>Planned by the sta-vqvae issue; this module holds no code yet.
 */
package org.speaktheart.vqvae;
