package org.speaktheart.vqvae;

import java.awt.image.BufferedImage;

/**
 * Reconstruction quality of 8-bit RGB images (alpha ignored; compare images after the same
 * compositing).
 *
 * <ul>
 *   <li>PSNR in dB: {@code 10 log10(255^2 / MSE)}, MSE over all pixels and the three channels;
 *       infinite for identical images.</li>
 *   <li>SSIM (Wang et al. 2004) per channel with a uniform {@value #SSIM_WINDOW}x{@value #SSIM_WINDOW}
 *       window (smaller for smaller images) over every valid window position, population
 *       statistics, {@code C1 = (0.01 * 255)^2}, {@code C2 = (0.03 * 255)^2}; the mean over
 *       positions and channels.</li>
 * </ul>
 */
public final class ImageMetrics {
    /** Side of the SSIM window. */
    public static final int SSIM_WINDOW = 7;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);

    private ImageMetrics() {
    }

    /** PSNR of {@code actual} against {@code reference}, in dB. */
    public static double psnr(BufferedImage reference, BufferedImage actual) {
        int[][] a = channels(reference);
        int[][] b = channels(actual);
        checkSame(reference, actual);
        double sum = 0;
        long n = 0;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < a[c].length; i++) {
                double d = a[c][i] - b[c][i];
                sum += d * d;
                n++;
            }
        }
        double mse = sum / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** SSIM of {@code actual} against {@code reference}, in [-1, 1]. */
    public static double ssim(BufferedImage reference, BufferedImage actual) {
        checkSame(reference, actual);
        int w = reference.getWidth();
        int h = reference.getHeight();
        int[][] a = channels(reference);
        int[][] b = channels(actual);
        int win = Math.min(SSIM_WINDOW, Math.min(w, h));
        double total = 0;
        int count = 0;
        for (int c = 0; c < 3; c++) {
            for (int y0 = 0; y0 + win <= h; y0++) {
                for (int x0 = 0; x0 + win <= w; x0++) {
                    total += windowSsim(a[c], b[c], w, x0, y0, win);
                    count++;
                }
            }
        }
        return total / count;
    }

    private static double windowSsim(int[] a, int[] b, int w, int x0, int y0, int win) {
        double n = (double) win * win;
        double sa = 0;
        double sb = 0;
        for (int y = y0; y < y0 + win; y++) {
            for (int x = x0; x < x0 + win; x++) {
                sa += a[y * w + x];
                sb += b[y * w + x];
            }
        }
        double ma = sa / n;
        double mb = sb / n;
        double va = 0;
        double vb = 0;
        double cov = 0;
        for (int y = y0; y < y0 + win; y++) {
            for (int x = x0; x < x0 + win; x++) {
                double da = a[y * w + x] - ma;
                double db = b[y * w + x] - mb;
                va += da * da;
                vb += db * db;
                cov += da * db;
            }
        }
        va /= n;
        vb /= n;
        cov /= n;
        return ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
    }

    private static void checkSame(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new VqVaeException("images differ in size: " + a.getWidth() + "x" + a.getHeight() + " vs "
                    + b.getWidth() + "x" + b.getHeight() + "; accepted: equal sizes");
        }
    }

    private static int[][] channels(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[][] c = new int[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                c[0][y * w + x] = (rgb >> 16) & 0xff;
                c[1][y * w + x] = (rgb >> 8) & 0xff;
                c[2][y * w + x] = rgb & 0xff;
            }
        }
        return c;
    }
}
