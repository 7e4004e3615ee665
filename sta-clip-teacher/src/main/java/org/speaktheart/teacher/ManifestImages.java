package org.speaktheart.teacher;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;

/**
 * The distinct pictures of some manifest records (several captions or utterances usually share one
 * picture), each labelled with the index of its concept in a {@link ConceptSet}.
 *
 * @param paths absolute picture paths, in the order of their first record
 * @param concepts {@code [paths.size()]} concept index of each picture
 */
public record ManifestImages(List<Path> paths, int[] concepts) {

    /** Freezes the list and checks the lengths agree. */
    public ManifestImages {
        paths = List.copyOf(paths);
        if (paths.size() != concepts.length) {
            throw new TeacherInputException("ManifestImages needs one concept per picture, got " + paths.size() + " pictures and "
                    + concepts.length + " concepts");
        }
    }

    /**
     * Collects the pictures of {@code records}.
     *
     * @param manifest the manifest the records come from (their paths resolve against it)
     * @param records the records
     * @param set the concepts the labels index
     * @throws TeacherInputException when a record's concept is not in {@code set} or one picture is shown under two concepts
     */
    public static ManifestImages of(Manifest manifest, List<ManifestRecord> records, ConceptSet set) {
        Map<Path, String> unique = new LinkedHashMap<>();
        for (ManifestRecord r : records) {
            String before = unique.putIfAbsent(manifest.resolve(r.imagePath()), r.conceptId());
            if (before != null && !before.equals(r.conceptId())) {
                throw new TeacherInputException("picture " + r.imagePath() + " is labelled both '" + before + "' and '" + r.conceptId()
                        + "' (record " + r.id() + "); a picture must show one concept");
            }
        }
        List<Path> paths = new ArrayList<>(unique.keySet());
        int[] concepts = new int[paths.size()];
        for (int i = 0; i < concepts.length; i++) {
            String id = unique.get(paths.get(i));
            concepts[i] = set.indexOf(id);
            if (concepts[i] < 0) {
                throw new TeacherInputException("concept '" + id + "' of picture " + paths.get(i) + " is not among the "
                        + set.ids().size() + " candidate concepts (they come from the captions of the concept splits)");
            }
        }
        return new ManifestImages(paths, concepts);
    }

    /** Number of pictures. */
    public int size() {
        return paths.size();
    }

    /**
     * Reads every picture.
     *
     * @throws TeacherLoadException when a file cannot be read or is not an image ImageIO can decode
     */
    public List<BufferedImage> read() {
        List<BufferedImage> out = new ArrayList<>(paths.size());
        for (Path p : paths) {
            out.add(read(p));
        }
        return out;
    }

    /**
     * Reads and preprocesses every picture.
     *
     * @param pre the tower's preprocessing
     * @return {@code [size()][3 * S * S]}
     * @throws TeacherLoadException when a file cannot be read or decoded
     */
    public float[][] pixels(ImagePreprocessing pre) {
        float[][] out = new float[paths.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = pre.apply(read(paths.get(i)));
        }
        return out;
    }

    private static BufferedImage read(Path p) {
        try {
            BufferedImage image = ImageIO.read(p.toFile());
            if (image == null) {
                throw new TeacherLoadException("picture " + p + " is not in a format ImageIO reads (PNG, JPEG, BMP, GIF)");
            }
            return image;
        } catch (IOException e) {
            throw new TeacherLoadException("cannot read picture " + p + ": " + e.getMessage(), e);
        }
    }
}
