package org.speaktheart.vqvae;

/**
 * Reconstruction quality of a VQ-VAE on a set of images at one training step.
 *
 * @param step completed training steps
 * @param images images evaluated
 * @param psnr mean PSNR in dB over images (identical images count as 100 dB)
 * @param ssim mean SSIM over images
 * @param codebook code usage over all tokens of the images
 */
public record VqVaeEvaluation(long step, int images, double psnr, double ssim, CodebookStats codebook) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "step %d: %d images, PSNR %.2f dB, SSIM %.4f, codes used %d/%d (%.1f%%), perplexity %.1f",
                step, images, psnr, ssim, codebook.usedCodes(), codebook.codebookSize(), 100 * codebook.usageFraction(),
                codebook.perplexity());
    }
}
