package org.speaktheart.vqvae;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The boundary between pictures and network tensors (the tokenizer's "translator"): RGB images to
 * float NCHW batches {@code [B, 3, S, S]} in a {@link PixelRange} and back. Transparent pixels are
 * composited over white (emoji art has alpha); images must already be {@code S x S} (resizing is
 * the data pipeline's choice, not the tokenizer's).
 */
public final class ImageTensors {
    private ImageTensors() {
    }

    /**
     * Packs images into one NCHW float batch.
     *
     * @param size required side S
     * @return {@code B * 3 * S * S} floats, image-major, then channel R, G, B, then rows
     * @throws VqVaeException when an image is missing or not {@code size x size}
     */
    public static float[] toTensor(List<BufferedImage> images, int size, PixelRange range) {
        int plane = size * size;
        float[] out = new float[images.size() * 3 * plane];
        for (int b = 0; b < images.size(); b++) {
            BufferedImage img = images.get(b);
            if (img == null) {
                throw new VqVaeException("image " + b + " is null; accepted: " + size + "x" + size + " images");
            }
            if (img.getWidth() != size || img.getHeight() != size) {
                throw new VqVaeException("image " + b + " is " + img.getWidth() + "x" + img.getHeight()
                        + "; accepted: " + size + "x" + size + " (resize before tokenizing)");
            }
            int base = b * 3 * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int argb = img.getRGB(x, y);
                    int a = argb >>> 24;
                    int p = y * size + x;
                    out[base + p] = range.fromByte(overWhite((argb >> 16) & 0xff, a));
                    out[base + plane + p] = range.fromByte(overWhite((argb >> 8) & 0xff, a));
                    out[base + 2 * plane + p] = range.fromByte(overWhite(argb & 0xff, a));
                }
            }
        }
        return out;
    }

    private static int overWhite(int c, int alpha) {
        return (c * alpha + 255 * (255 - alpha) + 127) / 255;
    }

    /**
     * Unpacks an NCHW float batch into RGB images, clamping to the pixel range.
     *
     * @param data {@code batch * 3 * size * size} floats
     */
    public static List<BufferedImage> fromTensor(float[] data, int batch, int size, PixelRange range) {
        int plane = size * size;
        if (data.length != batch * 3 * plane) {
            throw new VqVaeException("image tensor holds " + data.length + " values; accepted: batch " + batch
                    + " x 3 x " + size + " x " + size + " = " + batch * 3 * plane);
        }
        List<BufferedImage> images = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            int base = b * 3 * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int p = y * size + x;
                    int r = range.toByte(data[base + p]);
                    int g = range.toByte(data[base + plane + p]);
                    int bl = range.toByte(data[base + 2 * plane + p]);
                    img.setRGB(x, y, (r << 16) | (g << 8) | bl);
                }
            }
            images.add(img);
        }
        return images;
    }
}
