package org.speaktheart.vqvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * The VQ-VAE training objective:
 * {@code l1Weight * mean|x - y| + l2Weight * mean (x - y)^2 + edgeWeight * (mean|dx(x) - dx(y)| +
 * mean|dy(x) - dy(y)|) + commitmentWeight * commitment + codebook}, where dx and dy are horizontal
 * and vertical neighbour differences of the NCHW images (the gradient/edge term keeps outlines
 * sharp). No adversarial (patch discriminator) term: see docs/vqvae.md.
 */
public final class VqVaeLoss {
    private final VqVaeConfig config;

    /** The loss of a configuration's weights. */
    public VqVaeLoss(VqVaeConfig config) {
        this.config = config;
    }

    /** The parts of one evaluation (scalars as DJL arrays so the total can be differentiated). */
    public record Parts(NDArray total, NDArray pixel, NDArray edge, NDArray commitment, NDArray codebook) {
    }

    /**
     * The loss for a batch.
     *
     * @param target images {@code [B, 3, S, S]}
     * @param outputs the outputs of {@link VqVae}'s forward pass
     */
    public Parts evaluate(NDArray target, NDList outputs) {
        NDArray recon = outputs.get(0);
        NDArray diff = recon.sub(target);
        NDArray pixel = diff.abs().mean().mul(config.l1Weight());
        if (config.l2Weight() > 0f) {
            pixel = pixel.add(diff.square().mean().mul(config.l2Weight()));
        }
        // Neighbour differences of the error equal differences of recon minus those of target.
        NDArray dx = diff.get(new NDIndex(":, :, :, 1:")).sub(diff.get(new NDIndex(":, :, :, :-1")));
        NDArray dy = diff.get(new NDIndex(":, :, 1:, :")).sub(diff.get(new NDIndex(":, :, :-1, :")));
        NDArray edge = dx.abs().mean().add(dy.abs().mean());
        NDArray commitment = outputs.get(2);
        NDArray codebook = outputs.get(3);
        NDArray total = pixel.add(edge.mul(config.edgeWeight())).add(commitment.mul(config.commitmentWeight()))
                .add(codebook);
        return new Parts(total, pixel, edge, commitment, codebook);
    }
}
