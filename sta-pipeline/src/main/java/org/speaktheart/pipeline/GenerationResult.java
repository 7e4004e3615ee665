package org.speaktheart.pipeline;

import java.awt.image.BufferedImage;
import java.util.List;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.encoder.inference.SpeechEmbedding;
import org.speaktheart.encoder.langid.LanguageGuess;
import org.speaktheart.vqvae.TokenGrid;

/**
 * What one {@code generate} call produced and what produced it.
 *
 * @param images the generated images, one per sample
 * @param embedding the speech embedding that conditioned them
 * @param tokens the generated token grids, one per image (for research use)
 * @param seed the seed used
 * @param sampler the sampling settings used
 * @param language the language the request was treated as: the requested one, else the identified one
 *     when the bundle has a language identifier, else "auto" (the multilingual encoder decided)
 * @param detectedLanguage what the bundle's language identifier found, or null when the request named
 *     a language or the bundle has no identifier
 * @param candidates images generated per returned image (1: no ranking)
 * @param scores when candidates were ranked, each returned image's cosine to its condition in the
 *     teacher's space (the best of its candidates); empty otherwise
 * @param timings wall time per stage
 */
public record GenerationResult(List<BufferedImage> images, SpeechEmbedding embedding, List<TokenGrid> tokens,
                               long seed, SamplerConfig sampler, String language, LanguageGuess detectedLanguage,
                               int candidates, List<Double> scores, StageTimings timings) {

    public GenerationResult {
        images = List.copyOf(images);
        tokens = List.copyOf(tokens);
        scores = List.copyOf(scores);
    }

    /** The first (or only) image. */
    public BufferedImage image() {
        return images.get(0);
    }
}
