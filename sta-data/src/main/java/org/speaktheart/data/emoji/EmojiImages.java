package org.speaktheart.data.emoji;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.speaktheart.data.DataException;
import org.speaktheart.data.tts.ProcessRunner;

/**
 * Loads emoji art (PNG through ImageIO, WebP through Debian's {@code dwebp}) and composites it on
 * white at a chosen size by exact area averaging (each output pixel is the mean of the source area it
 * covers), which is deterministic and alias-free for the 4:1 reduction of the 256 px Fluent set.
 */
public final class EmojiImages {
    private final ProcessRunner runner;

    /** @param runner runs {@code dwebp} for WebP files */
    public EmojiImages(ProcessRunner runner) {
        this.runner = runner;
    }

    /**
     * @param file PNG or WebP
     * @return the picture as {@code TYPE_INT_ARGB}
     */
    public BufferedImage load(Path file) {
        try {
            BufferedImage img;
            if (file.getFileName().toString().endsWith(".webp")) {
                Path tmp = Files.createTempFile("sta-webp-", ".png");
                try {
                    runner.run(List.of("dwebp", "-quiet", file.toString(), "-o", tmp.toString()), null);
                    img = ImageIO.read(tmp.toFile());
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } else {
                img = ImageIO.read(file.toFile());
            }
            if (img == null) {
                throw new DataException("cannot decode image " + file + " (accepted: PNG, and WebP through dwebp)");
            }
            BufferedImage argb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_ARGB);
            argb.getGraphics().drawImage(img, 0, 0, null);
            return argb;
        } catch (IOException e) {
            throw new DataException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Composites on white, then resamples by area averaging.
     *
     * @param argb source picture (any size)
     * @param size output side, pixels
     * @return {@code TYPE_INT_RGB} picture of {@code size x size}
     */
    public static BufferedImage compositeOnWhite(BufferedImage argb, int size) {
        if (size < 1) {
            throw new DataException("image size must be >= 1 pixel, got " + size);
        }
        int w = argb.getWidth();
        int h = argb.getHeight();
        double[][] ch = new double[3][w * h]; // [channel][y*w + x], on white, 0..255
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = argb.getRGB(x, y);
                double a = ((p >>> 24) & 0xff) / 255.0;
                for (int c = 0; c < 3; c++) {
                    int v = (p >> (16 - 8 * c)) & 0xff;
                    ch[c][y * w + x] = a * v + (1 - a) * 255;
                }
            }
        }
        double[][] wx = weights(w, size); // [size][w]
        double[][] wy = weights(h, size); // [size][h]
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        double[] row = new double[size * h]; // one channel after the horizontal pass: [y][X]
        int[] acc = new int[size * size];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int xo = 0; xo < size; xo++) {
                    double s = 0;
                    for (int x = 0; x < w; x++) {
                        s += wx[xo][x] * ch[c][y * w + x];
                    }
                    row[y * size + xo] = s;
                }
            }
            for (int yo = 0; yo < size; yo++) {
                for (int xo = 0; xo < size; xo++) {
                    double s = 0;
                    for (int y = 0; y < h; y++) {
                        s += wy[yo][y] * row[y * size + xo];
                    }
                    int v = (int) Math.max(0, Math.min(255, Math.round(s)));
                    acc[yo * size + xo] |= v << (16 - 8 * c);
                }
            }
        }
        out.setRGB(0, 0, size, size, acc, 0, size);
        return out;
    }

    /** Area-average weights: out[i][j] = overlap of output cell i with input cell j, normalised per i. */
    private static double[][] weights(int in, int out) {
        double[][] wgt = new double[out][in];
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double a = i * scale;
            double b = (i + 1) * scale;
            for (int j = (int) Math.floor(a); j < Math.min(in, (int) Math.ceil(b)); j++) {
                wgt[i][j] = (Math.min(b, j + 1) - Math.max(a, j)) / scale;
            }
        }
        return wgt;
    }
}
