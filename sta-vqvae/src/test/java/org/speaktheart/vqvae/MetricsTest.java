package org.speaktheart.vqvae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;

/** PSNR, SSIM and codebook statistics against values worked out by hand. */
class MetricsTest {

    private static BufferedImage gray(int w, int h, int... levels) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < levels.length; i++) {
            int v = levels[i];
            img.setRGB(i % w, i / w, (v << 16) | (v << 8) | v);
        }
        return img;
    }

    @Test
    void psnrOfOneChangedChannel() {
        BufferedImage a = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        a.setRGB(0, 0, 0x000000);
        a.setRGB(1, 0, 0xffffff);
        b.setRGB(0, 0, 0x0a0000); // red off by 10
        b.setRGB(1, 0, 0xffffff);
        // MSE = 10^2 / 6 values; PSNR = 10 log10(255^2 / MSE) = 10 log10(3901.5) = 35.9123...
        Tolerance.FLOAT.assertClose(10 * Math.log10(3901.5), ImageMetrics.psnr(a, b), "psnr");
        Tolerance.FLOAT.assertClose(35.91232, ImageMetrics.psnr(a, b), "psnr literal");
        assertEquals(Double.POSITIVE_INFINITY, ImageMetrics.psnr(a, a));
    }

    @Test
    void ssimOfOneWindowByHand() {
        // One 2x2 window per channel, same on all channels.
        // a = 10 20 30 40: mean 25, variance 125; b = 10 20 30 50: mean 27.5, variance 218.75; covariance 162.5.
        BufferedImage a = gray(2, 2, 10, 20, 30, 40);
        BufferedImage b = gray(2, 2, 10, 20, 30, 50);
        double c1 = 6.5025;  // (0.01 * 255)^2
        double c2 = 58.5225; // (0.03 * 255)^2
        double expected = (2 * 25 * 27.5 + c1) * (2 * 162.5 + c2) / ((25 * 25 + 27.5 * 27.5 + c1) * (125 + 218.75 + c2));
        Tolerance.FLOAT.assertClose(expected, ImageMetrics.ssim(a, b), "ssim");
        Tolerance.FLOAT.assertClose(0.949090, ImageMetrics.ssim(a, b), "ssim literal");
        Tolerance.FLOAT.assertClose(1.0, ImageMetrics.ssim(a, a), "ssim of identical images");
    }

    @Test
    void ssimAveragesSlidingWindows() {
        // 8x7 image: window 7 gives 2 positions per channel; a constant image against itself is 1,
        // a constant image against a shifted constant has mu terms only: (2*m1*m2+C1)/(m1^2+m2^2+C1).
        int[] x = new int[56];
        int[] y = new int[56];
        java.util.Arrays.fill(x, 100);
        java.util.Arrays.fill(y, 110);
        double expected = (2 * 100.0 * 110 + 6.5025) / (100.0 * 100 + 110.0 * 110 + 6.5025);
        Tolerance.FLOAT.assertClose(expected, ImageMetrics.ssim(gray(8, 7, x), gray(8, 7, y)), "constant images");
        assertThrows(VqVaeException.class, () -> ImageMetrics.ssim(gray(8, 7, x), gray(2, 2, 1, 2, 3, 4)));
    }

    @Test
    void codebookUsageAndPerplexity() {
        CodebookStats s = CodebookStats.ofCounts(new long[] {2, 2, 0, 0});
        assertEquals(2, s.usedCodes());
        Tolerance.FLOAT.assertClose(0.5, s.usageFraction(), "usage");
        Tolerance.FLOAT.assertClose(2.0, s.perplexity(), "uniform over two codes");
        // p = (3/4, 1/4): H = -(0.75 ln 0.75 + 0.25 ln 0.25) = 0.562335; exp(H) = 1.754765
        Tolerance.FLOAT.assertClose(1.754765, CodebookStats.ofCounts(new long[] {3, 1}).perplexity(), "skewed");
        CodebookStats g = CodebookStats.of(List.of(new TokenGrid(1, 3, new int[] {0, 1, 1}, 4),
                new TokenGrid(1, 3, new int[] {2, 1, 0}, 4)), 4);
        assertEquals(3, g.usedCodes());
        assertEquals(6, g.tokens());
        // counts 2, 3, 1, 0: H = -(1/3 ln 1/3 + 1/2 ln 1/2 + 1/6 ln 1/6)
        double h = -(Math.log(1.0 / 3) / 3 + Math.log(0.5) / 2 + Math.log(1.0 / 6) / 6);
        Tolerance.FLOAT.assertClose(Math.exp(h), g.perplexity(), "grid perplexity");
    }

    @Test
    void pixelConversionRoundTripsEveryByte() {
        for (PixelRange r : PixelRange.values()) {
            for (int v = 0; v < 256; v++) {
                assertEquals(v, r.toByte(r.fromByte(v)), r + " byte " + v);
            }
            assertEquals(0, r.toByte(r.low() - 5f));
            assertEquals(255, r.toByte(r.high() + 5f));
        }
        float[] t = ImageTensors.toTensor(List.of(gray(3, 3, 0, 50, 100, 150, 200, 255, 1, 2, 3)), 3, PixelRange.MINUS_ONE_ONE);
        assertEquals(-1f, t[0]);
        assertEquals(1f, t[5]);
    }

    @Test
    void transparentPixelsAreCompositedOverWhite() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00000000); // fully transparent black
        float[] t = ImageTensors.toTensor(List.of(img), 1, PixelRange.ZERO_ONE);
        Tolerance.FLOAT.assertClose(new float[] {1f, 1f, 1f}, t, "transparent -> white");
        img.setRGB(0, 0, 0x80ff0000); // half-transparent red: 255 red, (255*127+127)/255 = 127 green and blue
        t = ImageTensors.toTensor(List.of(img), 1, PixelRange.ZERO_ONE);
        Tolerance.FLOAT.assertClose(new float[] {1f, 127f / 255f, 127f / 255f}, t, "half red over white");
    }
}
