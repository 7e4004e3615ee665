package org.speaktheart.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.Split;

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
    void revoicesTheTrainSpeechAndRefusesAHeldOutVoice(@TempDir Path dir) {
        Path out = dir.resolve("shapes");
        assertEquals(0, StaCommand.execute("data", "shapes", "--out", out.toString(), "--items", "10", "--size", "32", "--speech"));
        Path source = out.resolve("manifest.jsonl");
        Manifest src = ManifestIO.read(source);
        assertEquals(0, StaCommand.execute("data", "revoice", "--manifest", source.toString(), "--out", "manifest-rv.jsonl",
                "--language", "en", "--voices", "espeak-ng/en-us+m3", "--max-records", "3"));
        Manifest rv = ManifestIO.read(out.resolve("manifest-rv.jsonl"));
        assertEquals(src.records().size() + 3, rv.records().size());
        assertEquals(3, rv.records().stream().filter(r -> "espeak-ng/en-us+m3".equals(r.voice())).count());
        assertTrue(rv.records().containsAll(src.records()));

        String heldOut = src.split(Split.TEST).stream().filter(r -> r.language().equals("en")).findFirst().orElseThrow().voice();
        assertEquals(1, StaCommand.execute("data", "revoice", "--manifest", source.toString(), "--out", "manifest-leak.jsonl",
                "--language", "en", "--voices", heldOut), "a test voice is refused");
        assertTrue(Files.notExists(out.resolve("manifest-leak.jsonl")));
        assertEquals(2, StaCommand.execute("data", "revoice", "--manifest", source.toString(), "--language", "en"),
                "missing --out and --voices is a usage error");
    }

    @Test
    void refusesBadArguments(@TempDir Path dir) {
        assertEquals(2, StaCommand.execute("data", "shapes"), "missing --out is a usage error");
        assertEquals(1, StaCommand.execute("data", "shapes", "--out", dir.toString(), "--items", "0"),
                "an invalid item count is refused");
        assertEquals(2, StaCommand.execute("data", "emoji", "--out", dir.toString()), "missing --cache is a usage error");
    }
}
