package org.speaktheart.pipeline.recipe;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.io.Sha256;

/**
 * The proof that a recipe stage finished: {@value #FILE} in the stage's directory, written atomically
 * after the stage's outputs are complete. It holds the stage's fingerprint (its options and the
 * SHA-256 of every input), the SHA-256 of every output file, the stage's figures and provenance.
 *
 * <p>A stage is finished when its marker exists, has the format version {@value #FORMAT_VERSION}, carries
 * the fingerprint the current run would compute, and every output file still has the recorded hash.
 * Anything else means the stage runs (again); its training harness then resumes from its checkpoints.
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param stage stage name
 * @param fingerprint options and input hashes of the run that produced the outputs
 * @param outputs output file name (relative to the stage directory) to SHA-256 hex
 * @param figures numbers the stage measured (losses, steps, seconds, accuracies)
 * @param provenance how the stage ran (options, seeds, inputs)
 * @param finishedAtMillis wall-clock time the stage finished, milliseconds since the epoch
 */
public record StageMarker(int formatVersion, String stage, String fingerprint, Map<String, String> outputs,
                          Map<String, Double> figures, Map<String, String> provenance, long finishedAtMillis) {
    /** Marker file name inside a stage directory. */
    public static final String FILE = "stage.json";
    /** The only marker layout this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    public StageMarker {
        // null maps come from a marker file that lacks them (Gson fills absent fields with null)
        outputs = outputs == null ? new TreeMap<>() : new TreeMap<>(outputs);
        figures = figures == null ? new TreeMap<>() : new TreeMap<>(figures);
        provenance = provenance == null ? new TreeMap<>() : new TreeMap<>(provenance);
    }

    /** Writes the marker of a finished stage atomically, hashing the outputs now. */
    public static StageMarker write(Path stageDir, String stage, String fingerprint, Iterable<String> outputFiles,
                                    Map<String, Double> figures, Map<String, String> provenance) {
        Map<String, String> hashes = new TreeMap<>();
        for (String f : outputFiles) {
            hashes.put(f, sha256(stageDir.resolve(f)));
        }
        StageMarker m = new StageMarker(FORMAT_VERSION, stage, fingerprint, hashes, figures, provenance,
                System.currentTimeMillis());
        AtomicFiles.write(stageDir.resolve(FILE), GSON.toJson(m).getBytes(StandardCharsets.UTF_8));
        return m;
    }

    /**
     * Reads the marker of a stage directory, if there is one.
     *
     * @throws RecipeException when the file exists but is not a marker of this version
     */
    public static Optional<StageMarker> read(Path stageDir) {
        Path file = stageDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            StageMarker m = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), StageMarker.class);
            if (m == null || m.formatVersion() != FORMAT_VERSION) {
                throw new RecipeException("stage marker " + file + " has format version "
                        + (m == null ? "none" : m.formatVersion()) + "; this code reads version " + FORMAT_VERSION);
            }
            if (m.stage() == null || m.fingerprint() == null) {
                throw new RecipeException("stage marker " + file + " lacks its stage name or fingerprint");
            }
            return Optional.of(m);
        } catch (IOException | JsonParseException e) {
            throw new RecipeException("cannot read stage marker " + file + ": " + e.getMessage(), e);
        }
    }

    /** The marker of a finished stage with this fingerprint whose outputs are intact, if there is one. */
    public static Optional<StageMarker> finished(Path stageDir, String fingerprint) {
        return read(stageDir).filter(m -> m.fingerprint().equals(fingerprint) && m.outputsIntact(stageDir));
    }

    /** Whether every output still exists with its recorded hash. */
    public boolean outputsIntact(Path stageDir) {
        for (Map.Entry<String, String> e : outputs.entrySet()) {
            Path f = stageDir.resolve(e.getKey());
            if (!Files.isRegularFile(f) || !sha256(f).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 hex of a file. */
    static String sha256(Path file) {
        try {
            return Sha256.hex(file);
        } catch (IOException e) {
            throw new RecipeException("cannot read " + file + " to hash it: " + e.getMessage(), e);
        }
    }
}
