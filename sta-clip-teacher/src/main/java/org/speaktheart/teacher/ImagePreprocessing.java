package org.speaktheart.teacher;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * CLIP-style image preprocessing: composite on an opaque background, resize so the shorter side is
 * {@code resizeTo} (bilinear, aspect kept), centre-crop {@code cropSize x cropSize}, scale to [0, 1]
 * and normalise each channel with {@code (x - mean[c]) / std[c]}.
 *
 * <p>Output layout: {@code [3, cropSize, cropSize]} channel-major (NCHW without the batch), RGB.
 * When the shorter side already equals {@code resizeTo} no resampling happens, so a crop of an image
 * of the right size is exact.
 *
 * @param resizeTo target length of the shorter side, pixels (>= cropSize)
 * @param cropSize side of the square centre crop, pixels (> 0)
 * @param mean per-channel mean, RGB, on the [0, 1] scale
 * @param std per-channel standard deviation, RGB (> 0)
 * @param background RGB (0xRRGGBB) that transparent pixels are composited onto
 */
public record ImagePreprocessing(int resizeTo, int cropSize, float[] mean, float[] std, int background) {

    /** The normalisation of OpenAI's CLIP (mean and std of its training images). */
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    /** The standard deviation of OpenAI's CLIP. */
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    /** Validates and copies the arrays. */
    public ImagePreprocessing {
        if (cropSize <= 0) {
            throw new TeacherInputException("ImagePreprocessing.cropSize must be > 0, got " + cropSize);
        }
        if (resizeTo < cropSize) {
            throw new TeacherInputException("ImagePreprocessing.resizeTo must be >= cropSize=" + cropSize + ", got " + resizeTo);
        }
        if (mean == null || mean.length != 3 || std == null || std.length != 3) {
            throw new TeacherInputException("ImagePreprocessing.mean and std must hold 3 values (RGB), got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new TeacherInputException("ImagePreprocessing.std values must be finite and > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** CLIP's preprocessing at a given resolution (resize to {@code size}, crop {@code size}, CLIP mean/std, white background). */
    public static ImagePreprocessing clip(int size) {
        return new ImagePreprocessing(size, size, CLIP_MEAN, CLIP_STD, 0xFFFFFF);
    }

    /** Maps [0, 1] to [-1, 1] (mean 0.5, std 0.5) at {@code size}, white background: the image tower default. */
    public static ImagePreprocessing symmetric(int size) {
        return new ImagePreprocessing(size, size, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}, 0xFFFFFF);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Values per image: {@code 3 * cropSize * cropSize}. */
    public int valuesPerImage() {
        return 3 * cropSize * cropSize;
    }

    /** One image to {@code [3, cropSize, cropSize]} floats. */
    public float[] apply(BufferedImage image) {
        float[] out = new float[valuesPerImage()];
        applyInto(image, out, 0);
        return out;
    }

    /** A batch to {@code [n, 3, cropSize, cropSize]} floats, row-major. */
    public float[] applyBatch(List<BufferedImage> images) {
        float[] out = new float[images.size() * valuesPerImage()];
        for (int i = 0; i < images.size(); i++) {
            applyInto(images.get(i), out, i * valuesPerImage());
        }
        return out;
    }

    private void applyInto(BufferedImage image, float[] out, int offset) {
        if (image == null) {
            throw new TeacherInputException("image is null; a BufferedImage of any size is accepted");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int shorter = Math.min(w, h);
        int nw = shorter == resizeTo ? w : (int) Math.round((double) w * resizeTo / shorter);
        int nh = shorter == resizeTo ? h : (int) Math.round((double) h * resizeTo / shorter);
        nw = Math.max(nw, cropSize);
        nh = Math.max(nh, cropSize);
        BufferedImage rgb = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(new Color(background));
            g.fillRect(0, 0, nw, nh);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, nw, nh, null);
        } finally {
            g.dispose();
        }
        // Centre crop: the top-left corner rounds down, like torchvision's CenterCrop.
        int x0 = (nw - cropSize) / 2;
        int y0 = (nh - cropSize) / 2;
        int plane = cropSize * cropSize;
        for (int y = 0; y < cropSize; y++) {
            for (int x = 0; x < cropSize; x++) {
                int p = rgb.getRGB(x0 + x, y0 + y);
                int i = offset + y * cropSize + x;
                out[i] = (((p >> 16) & 0xFF) / 255f - mean[0]) / std[0];
                out[i + plane] = (((p >> 8) & 0xFF) / 255f - mean[1]) / std[1];
                out[i + 2 * plane] = ((p & 0xFF) / 255f - mean[2]) / std[2];
            }
        }
    }
}
