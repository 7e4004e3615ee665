/**
 * The VQ-Diffusion denoiser network (DJL training, ONNX export), its ONNX contract and loader, and the adapters that let the samplers run it in either engine.
 */
package org.speaktheart.diffusion.network;
