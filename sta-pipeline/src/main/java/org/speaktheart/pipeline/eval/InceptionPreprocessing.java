package org.speaktheart.pipeline.eval;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * The pixels an {@link InceptionNetwork} is fed: each image composited on white, resized to
 * {@code size x size} with bilinear interpolation, scaled per {@link Normalisation}, channel-major.
 *
 * <p>Resizing ignores the aspect ratio (the whole picture is squeezed into the square, nothing is
 * cropped) and uses half-pixel centres: output pixel {@code x} samples the source at
 * {@code (x + 0.5) * W / size - 0.5}, clamped to {@code [0, W - 1]}, interpolating linearly between
 * the two nearest source pixels (the same along y). An image already {@code size} wide and high
 * passes unchanged; no anti-alias filter is applied, so strong downscaling skips pixels (the
 * evaluated pictures are usually smaller than the network's 299 px, i.e. upscaled). It is written
 * here rather than left to Java2D, whose bilinear scaling is implementation-defined, so the
 * result is specified and testable pixel by pixel.
 *
 * <p>Output layout: {@code [3, size, size]} per image (RGB planes, row-major), {@code [n, 3, size, size]}
 * for a batch.
 *
 * @param size side of the square network input, pixels (> 0; 299 for Inception-v3)
 * @param normalisation how the 0..255 values are scaled
 */
public record InceptionPreprocessing(int size, Normalisation normalisation) {

    /** How RGB values on 0..255 are scaled before they enter the network. */
    public enum Normalisation {
        /**
         * {@code v / 127.5 - 1}, i.e. [0, 255] -> [-1, 1]: the convention of the TensorFlow Inception-v3
         * graph that the original FID was defined with (its first layers expect inputs in [-1, 1]).
         */
        MINUS_ONE_ONE("minus-one-one"),
        /**
         * {@code (v / 255 - mean[c]) / std[c]} with the ImageNet statistics mean = (0.485, 0.456, 0.406),
         * std = (0.229, 0.224, 0.225): the convention of Inception-v3 networks trained with torchvision.
         */
        IMAGENET("imagenet");

        private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
        private static final float[] STD = {0.229f, 0.224f, 0.225f};

        private final String key;

        Normalisation(String key) {
            this.key = key;
        }

        /** The name used on the command line and in the report ({@code minus-one-one}, {@code imagenet}). */
        public String key() {
            return key;
        }

        /**
         * Parses {@link #key()}.
         *
         * @throws EvaluationException for any other name; the message lists the accepted ones
         */
        public static Normalisation fromKey(String key) {
            for (Normalisation n : values()) {
                if (n.key.equals(key)) {
                    return n;
                }
            }
            throw new EvaluationException("unknown Inception normalisation '" + key + "'; accepted: "
                    + Arrays.stream(values()).map(Normalisation::key).toList() + " (minus-one-one scales pixels to [-1, 1], "
                    + "imagenet subtracts the ImageNet mean and divides by its standard deviation)");
        }

        /** Scales one channel value {@code v} on 0..255 of channel {@code c} (0 R, 1 G, 2 B). */
        float apply(float v, int c) {
            return switch (this) {
                case MINUS_ONE_ONE -> v / 127.5f - 1f;
                case IMAGENET -> (v / 255f - MEAN[c]) / STD[c];
            };
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /** Validates the fields. */
    public InceptionPreprocessing {
        if (size < 1) {
            throw new EvaluationException("InceptionPreprocessing.size must be >= 1 pixel, got " + size);
        }
        if (normalisation == null) {
            throw new EvaluationException("InceptionPreprocessing.normalisation must be set (minus-one-one or imagenet)");
        }
    }

    /** Values per image: {@code 3 * size * size}. */
    public int valuesPerImage() {
        return 3 * size * size;
    }

    /** One image of any size to {@code [3, size, size]} network input. */
    public float[] apply(BufferedImage image) {
        float[] out = new float[valuesPerImage()];
        applyInto(image, out, 0);
        return out;
    }

    /** A batch to {@code [n, 3, size, size]}, row-major. */
    public float[] applyBatch(List<BufferedImage> images) {
        float[] out = new float[images.size() * valuesPerImage()];
        for (int i = 0; i < images.size(); i++) {
            applyInto(images.get(i), out, i * valuesPerImage());
        }
        return out;
    }

    /** Writes one image's {@code [3, size, size]} values into {@code out} from {@code offset}. */
    void applyInto(BufferedImage image, float[] out, int offset) {
        if (image == null) {
            throw new EvaluationException("image is null; a BufferedImage of any size is accepted");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        float[] rgb = rgbOnWhite(image); // [3, h, w], 0..255
        int plane = size * size;
        for (int c = 0; c < 3; c++) {
            float[] resized = resizeBilinear(rgb, c * w * h, w, h, size); // [size, size]
            for (int i = 0; i < plane; i++) {
                out[offset + c * plane + i] = normalisation.apply(resized[i], c);
            }
        }
    }

    /**
     * The RGB planes of an image on 0..255, transparent pixels composited onto white
     * ({@code v = a v + (1 - a) 255} with alpha {@code a} in [0, 1]), like the judge and the teacher see them.
     *
     * @return {@code [3, h, w]}
     */
    static float[] rgbOnWhite(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[3 * w * h];
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y); // non-premultiplied ARGB in the default sRGB space
                float a = ((p >>> 24) & 0xFF) / 255f;
                int i = y * w + x;
                out[i] = a * ((p >> 16) & 0xFF) + (1 - a) * 255f;
                out[plane + i] = a * ((p >> 8) & 0xFF) + (1 - a) * 255f;
                out[2 * plane + i] = a * (p & 0xFF) + (1 - a) * 255f;
            }
        }
        return out;
    }

    /**
     * Bilinear resize of one plane with half-pixel centres (see the class comment).
     *
     * @param src planes, row-major
     * @param from offset of the plane {@code [h, w]} in {@code src}
     * @param w source width
     * @param h source height
     * @param s output side
     * @return {@code [s, s]}
     */
    static float[] resizeBilinear(float[] src, int from, int w, int h, int s) {
        float[] out = new float[s * s];
        if (w == s && h == s) {
            System.arraycopy(src, from, out, 0, s * s);
            return out;
        }
        // Per output column (row): the two source columns (rows) and the weight of the second.
        int[] x0 = new int[s];
        int[] x1 = new int[s];
        float[] fx = new float[s];
        sampling(w, s, x0, x1, fx);
        int[] y0 = new int[s];
        int[] y1 = new int[s];
        float[] fy = new float[s];
        sampling(h, s, y0, y1, fy);
        for (int y = 0; y < s; y++) {
            int r0 = from + y0[y] * w;
            int r1 = from + y1[y] * w;
            for (int x = 0; x < s; x++) {
                float top = src[r0 + x0[x]] + fx[x] * (src[r0 + x1[x]] - src[r0 + x0[x]]);
                float bottom = src[r1 + x0[x]] + fx[x] * (src[r1 + x1[x]] - src[r1 + x0[x]]);
                out[y * s + x] = top + fy[y] * (bottom - top);
            }
        }
        return out;
    }

    /** Source positions of {@code s} output samples over a source axis of length {@code n}. */
    private static void sampling(int n, int s, int[] lo, int[] hi, float[] frac) {
        double scale = (double) n / s;
        for (int i = 0; i < s; i++) {
            double p = Math.min(n - 1, Math.max(0, (i + 0.5) * scale - 0.5));
            int a = (int) Math.floor(p);
            lo[i] = a;
            hi[i] = Math.min(n - 1, a + 1);
            frac[i] = (float) (p - a);
        }
    }
}
