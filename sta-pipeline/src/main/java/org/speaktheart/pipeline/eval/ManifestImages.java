package org.speaktheart.pipeline.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;

/** Reads a manifest's pictures (once each) and selects its records, with typed errors for what is missing. */
final class ManifestImages {
    private final Manifest manifest;
    private final Map<String, BufferedImage> cache = new ConcurrentHashMap<>();

    ManifestImages(Manifest manifest) {
        this.manifest = manifest;
    }

    Manifest manifest() {
        return manifest;
    }

    /** The picture of a record. */
    BufferedImage image(ManifestRecord r) {
        return cache.computeIfAbsent(r.imagePath(), p -> read(manifest.resolve(p), r.id()));
    }

    private static BufferedImage read(Path file, String id) {
        if (!Files.isRegularFile(file)) {
            throw new EvaluationException("record '" + id + "': image " + file + " does not exist; the manifest must come "
                    + "with its pictures (PNG, JPEG, BMP or GIF)");
        }
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new EvaluationException("record '" + id + "': " + file + " is not a readable image; accepted: PNG, JPEG, BMP, GIF");
            }
            return image;
        } catch (IOException e) {
            throw new EvaluationException("record '" + id + "': cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The records of a split.
     *
     * @throws EvaluationException when the split has none
     */
    List<ManifestRecord> split(Split split) {
        List<ManifestRecord> records = manifest.split(split);
        if (records.isEmpty()) {
            throw new EvaluationException("manifest " + manifest.file() + " has no records in split '" + split.key()
                    + "'; it has " + manifest.records().stream().map(r -> r.split().key()).distinct().sorted().toList());
        }
        return records;
    }
}
