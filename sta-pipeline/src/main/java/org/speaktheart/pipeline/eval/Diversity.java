package org.speaktheart.pipeline.eval;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Diversity among the samples of one input: the mean over all pairs of samples of a distance.
 * Two distances: Euclidean distance between unit teacher features (0 for identical features, at
 * most 2), and the root-mean-square difference of RGB pixels on the [0, 1] scale (0 for identical
 * images, at most 1).
 */
public final class Diversity {
    private Diversity() {
    }

    /** Mean pairwise Euclidean distance of feature rows ({@code [k][D]}, k >= 2). */
    public static double meanPairwiseFeatureDistance(float[][] features) {
        requirePairs(features.length);
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < features.length; i++) {
            for (int j = i + 1; j < features.length; j++) {
                double s = 0;
                for (int d = 0; d < features[i].length; d++) {
                    double diff = features[i][d] - features[j][d];
                    s += diff * diff;
                }
                sum += Math.sqrt(s);
                pairs++;
            }
        }
        return sum / pairs;
    }

    /** Mean pairwise RMS pixel difference of images of one size (k >= 2), RGB on [0, 1]. */
    public static double meanPairwisePixelDistance(List<BufferedImage> images) {
        requirePairs(images.size());
        int w = images.get(0).getWidth();
        int h = images.get(0).getHeight();
        for (BufferedImage im : images) {
            if (im.getWidth() != w || im.getHeight() != h) {
                throw new EvaluationException("pixel diversity needs images of one size, got " + w + "x" + h + " and "
                        + im.getWidth() + "x" + im.getHeight());
            }
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < images.size(); i++) {
            for (int j = i + 1; j < images.size(); j++) {
                sum += rms(images.get(i), images.get(j), w, h);
                pairs++;
            }
        }
        return sum / pairs;
    }

    private static double rms(BufferedImage a, BufferedImage b, int w, int h) {
        double s = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    double diff = (((p >> shift) & 0xFF) - ((q >> shift) & 0xFF)) / 255.0;
                    s += diff * diff;
                }
            }
        }
        return Math.sqrt(s / (3.0 * w * h));
    }

    private static void requirePairs(int k) {
        if (k < 2) {
            throw new EvaluationException("diversity needs at least 2 samples of an input, got " + k);
        }
    }
}
