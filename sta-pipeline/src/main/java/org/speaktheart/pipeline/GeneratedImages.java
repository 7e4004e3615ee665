package org.speaktheart.pipeline;

import java.awt.image.BufferedImage;
import java.util.List;
import org.speaktheart.vqvae.TokenGrid;

/**
 * The images sampled for one condition, with their token grids and, when candidates were ranked,
 * their scores.
 *
 * @param tokens one {@code H x W} token grid per image
 * @param images the decoded images, in the same order
 * @param scores each image's cosine to the condition in the teacher's space when it was chosen among
 *     candidates by a {@link CandidateRanker}; empty when no ranking took place
 */
public record GeneratedImages(List<TokenGrid> tokens, List<BufferedImage> images, List<Double> scores) {

    public GeneratedImages {
        tokens = List.copyOf(tokens);
        images = List.copyOf(images);
        scores = List.copyOf(scores);
        if (tokens.size() != images.size() || !(scores.isEmpty() || scores.size() == images.size())) {
            throw new IllegalArgumentException("sizes differ: " + tokens.size() + " grids, " + images.size() + " images, "
                    + scores.size() + " scores");
        }
    }
}
