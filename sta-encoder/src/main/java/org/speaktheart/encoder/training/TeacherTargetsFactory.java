package org.speaktheart.encoder.training;

import org.speaktheart.data.revoice.Revoicer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.encoder.EncoderInputException;
import org.speaktheart.teacher.EmbeddingCache;
import org.speaktheart.teacher.ImageTextTeacher;

/**
 * Fills {@link TeacherTargets} from an {@link ImageTextTeacher} (sta-clip-teacher) for every record of
 * a manifest, through the teacher's {@link EmbeddingCache} so each image and caption is embedded once:
 * <ul>
 * <li>image target: the teacher's embedding of the record's picture (key: {@code imagePath});</li>
 * <li>text target of an English record: the embedding of its own caption;</li>
 * <li>text target of another language's record: the normalised mean of the embeddings of all English
 *     captions of the same {@code conceptId} in the manifest, each English record counted once;
 *     re-voiced copies ({@link Revoicer#REVOICED_FROM}) are left out of the mean, so re-voicing
 *     English speech leaves every other language's targets unchanged.</li>
 * </ul>
 */
public final class TeacherTargetsFactory {
    private TeacherTargetsFactory() {
    }

    /** Targets for every record with audio of the manifest. */
    public static TeacherTargets fromTeacher(ImageTextTeacher teacher, Manifest manifest, EmbeddingCache cache) {
        LinkedHashSet<String> imagePaths = new LinkedHashSet<>();
        List<ManifestRecord> english = new ArrayList<>();
        for (ManifestRecord r : manifest.records()) {
            imagePaths.add(r.imagePath());
            if ("en".equals(r.language())) {
                english.add(r);
            }
        }
        if (english.isEmpty()) {
            throw new EncoderInputException("manifest " + manifest.file() + " has no English captions to distil toward");
        }
        List<String> paths = new ArrayList<>(imagePaths);
        float[][] imageVectors = cache.images(teacher, paths, i -> read(manifest, paths.get(i)));
        Map<String, float[]> images = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            images.put(paths.get(i), imageVectors[i]);
        }
        List<String> captions = english.stream().map(ManifestRecord::caption).toList();
        float[][] textVectors = cache.texts(teacher, captions);
        Map<String, float[]> byRecord = new LinkedHashMap<>();
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < english.size(); i++) {
            byRecord.put(english.get(i).id(), textVectors[i]);
            if (english.get(i).attributes().containsKey(Revoicer.REVOICED_FROM)) {
                continue;
            }
            double[] s = sums.computeIfAbsent(english.get(i).conceptId(), k -> new double[teacher.dimension()]);
            for (int d = 0; d < s.length; d++) {
                s[d] += textVectors[i][d];
            }
        }
        Map<String, float[]> byConcept = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            float[] v = new float[e.getValue().length];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) e.getValue()[d]; // TeacherTargets normalises
            }
            byConcept.put(e.getKey(), v);
        }
        return new TeacherTargets(teacher.identity(), images, byConcept, byRecord);
    }

    private static BufferedImage read(Manifest manifest, String path) {
        try {
            BufferedImage img = ImageIO.read(manifest.resolve(path).toFile());
            if (img == null) {
                throw new EncoderInputException("image " + path + " is not in a format ImageIO reads");
            }
            return img;
        } catch (IOException e) {
            throw new EncoderInputException("cannot read image " + path + ": " + e.getMessage());
        }
    }
}
