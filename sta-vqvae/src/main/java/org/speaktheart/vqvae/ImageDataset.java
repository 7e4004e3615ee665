package org.speaktheart.vqvae;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Square RGB training or evaluation images held in memory, all {@code S x S}. Images of another
 * size are resized with bilinear interpolation when loaded (aspect ratio not kept: the tokenizer's
 * inputs are square); transparency is composited over white as in {@link ImageTensors}.
 */
public final class ImageDataset {
    private final List<BufferedImage> images;
    private final List<String> names;
    private final int size;

    private ImageDataset(List<BufferedImage> images, List<String> names, int size) {
        this.images = List.copyOf(images);
        this.names = List.copyOf(names);
        this.size = size;
    }

    /**
     * Images given in memory (resized to {@code size} when needed).
     *
     * @throws VqVaeException when the list is empty
     */
    public static ImageDataset of(List<BufferedImage> images, int size) {
        List<String> names = new ArrayList<>();
        List<BufferedImage> sized = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            sized.add(square(images.get(i), size));
            names.add("image-" + i);
        }
        return checked(sized, names, size, "the given list");
    }

    /**
     * Every {@code .png} file directly inside {@code folder}, in file-name order.
     *
     * @throws VqVaeException when the folder is unreadable, holds no PNG or an unreadable PNG
     */
    public static ImageDataset fromFolder(Path folder, int size) {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new VqVaeException("cannot list image folder " + folder + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new VqVaeException("image folder " + folder + " holds no .png files; accepted: a folder of PNG images");
        }
        return fromPaths(files, size);
    }

    /**
     * The images at the given paths (for example a manifest's image column), in that order.
     *
     * @throws VqVaeException when a file is missing or not a readable image
     */
    public static ImageDataset fromPaths(List<Path> files, int size) {
        List<BufferedImage> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            BufferedImage img;
            try {
                img = ImageIO.read(f.toFile());
            } catch (IOException e) {
                throw new VqVaeException("cannot read image " + f + ": " + e.getMessage(), e);
            }
            if (img == null) {
                throw new VqVaeException("image " + f + " is not in a format ImageIO reads; accepted: PNG (or JPEG, BMP, GIF)");
            }
            images.add(square(img, size));
            names.add(f.getFileName().toString());
        }
        return checked(images, names, size, files.toString());
    }

    private static ImageDataset checked(List<BufferedImage> images, List<String> names, int size, String source) {
        if (images.isEmpty()) {
            throw new VqVaeException("no images in " + source + "; accepted: at least one image");
        }
        return new ImageDataset(images, names, size);
    }

    private static BufferedImage square(BufferedImage img, int size) {
        if (size <= 0) {
            throw new VqVaeException("image size is " + size + "; accepted: > 0");
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, size, size);
        if (img.getWidth() != size || img.getHeight() != size) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        g.drawImage(img, 0, 0, size, size, null);
        g.dispose();
        return out;
    }

    /** Number of images. */
    public int count() {
        return images.size();
    }

    /** Image side S. */
    public int size() {
        return size;
    }

    /** The images (RGB, {@code S x S}, alpha already composited). */
    public List<BufferedImage> images() {
        return images;
    }

    /** File names (or {@code image-i} for images given in memory). */
    public List<String> names() {
        return names;
    }

    /** The first {@code n} images as a dataset and the rest as another (a held-out split). */
    public ImageDataset[] split(int n) {
        if (n <= 0 || n >= images.size()) {
            throw new VqVaeException("split at " + n + " of " + images.size() + " images; accepted: 1.." + (images.size() - 1));
        }
        return new ImageDataset[] {new ImageDataset(images.subList(0, n), names.subList(0, n), size),
                new ImageDataset(images.subList(n, images.size()), names.subList(n, names.size()), size)};
    }
}
