package org.speaktheart.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;

/** {@code sta data}: the corpus builders from the command line. */
class DataCommandTest {

    @Test
    void buildsAShapesCorpus(@TempDir Path dir) {
        Path out = dir.resolve("shapes");
        assertEquals(0, StaCommand.execute("data", "shapes", "--out", out.toString(), "--items", "20", "--size", "32"));
        Manifest m = ManifestIO.read(out.resolve("manifest.jsonl"));
        assertEquals(40, m.records().size(), "20 pictures, an English and an Arabic caption each");
        assertTrue(Files.isRegularFile(out.resolve(m.records().get(0).imagePath())));
    }

    @Test
    void refusesBadArguments(@TempDir Path dir) {
        assertEquals(2, StaCommand.execute("data", "shapes"), "missing --out is a usage error");
        assertEquals(1, StaCommand.execute("data", "shapes", "--out", dir.toString(), "--items", "0"),
                "an invalid item count is refused");
        assertEquals(2, StaCommand.execute("data", "emoji", "--out", dir.toString()), "missing --cache is a usage error");
    }
}
