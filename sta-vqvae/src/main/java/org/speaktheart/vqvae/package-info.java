/**
 * The VQ-VAE image tokenizer: images to token grids and back.
 *
 * <p>Network ({@link org.speaktheart.vqvae.VqVae}: encoder, vector quantizer, decoder) trained on
 * DJL, exported as two ONNX graphs ({@link org.speaktheart.vqvae.VqVaeExporter}, contract in
 * {@link org.speaktheart.vqvae.TokenizerContract}) and run on ONNX Runtime by
 * {@link org.speaktheart.vqvae.ImageTokenizer}. See docs/vqvae.md.
 */
package org.speaktheart.vqvae;
