package org.speaktheart.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImagePreprocessingTest {

    @Test
    void centreCropAndNormalisationAreExactWhenNoResizeIsNeeded() {
        SplittableRandom r = new SplittableRandom(1);
        BufferedImage img = new BufferedImage(7, 4, BufferedImage.TYPE_INT_RGB); // shorter side 4 = resizeTo
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 7; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        float[] mean = {0.1f, 0.2f, 0.3f};
        float[] std = {0.5f, 0.25f, 2f};
        ImagePreprocessing p = new ImagePreprocessing(4, 2, mean, std, 0);
        float[] out = p.apply(img);
        assertEquals(12, out.length);
        // Resized width stays 7; crop x0 = (7 - 2) / 2 = 2, y0 = (4 - 2) / 2 = 1.
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    int rgb = img.getRGB(2 + x, 1 + y);
                    int v = (rgb >> (16 - 8 * c)) & 0xFF;
                    assertEquals((v / 255f - mean[c]) / std[c], out[c * 4 + y * 2 + x], 1e-6, "c" + c + " y" + y + " x" + x);
                }
            }
        }
    }

    @Test
    void resizeKeepsAUniformColourAndTransparencyShowsTheBackground() {
        BufferedImage img = new BufferedImage(30, 20, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 30; x++) {
                img.setRGB(x, y, x < 15 ? 0xFF336699 : 0x00000000); // left opaque, right transparent
            }
        }
        ImagePreprocessing p = new ImagePreprocessing(10, 10, new float[] {0, 0, 0}, new float[] {1, 1, 1}, 0xFFFFFF);
        float[] out = p.apply(img); // resized to 15 x 10, crop x0 = 2
        assertEquals(0x33 / 255f, out[0], 1e-6, "left column is the opaque colour");
        assertEquals(0x99 / 255f, out[200], 1e-6);
        assertEquals(1f, out[9], 1e-6, "right column shows the white background");
        assertEquals(2 * 300, p.applyBatch(List.of(img, img)).length);
    }

    @Test
    void badSettingsAreRefusedWithTheFieldName() {
        TeacherInputException e = assertThrows(TeacherInputException.class,
                () -> new ImagePreprocessing(8, 10, new float[3], new float[] {1, 1, 1}, 0));
        assertTrue(e.getMessage().contains("resizeTo"), e.getMessage());
        e = assertThrows(TeacherInputException.class, () -> new ImagePreprocessing(8, 8, new float[3], new float[] {1, 0, 1}, 0));
        assertTrue(e.getMessage().contains("std"), e.getMessage());
        assertThrows(TeacherInputException.class, () -> ImagePreprocessing.clip(4).apply(null));
    }
}
