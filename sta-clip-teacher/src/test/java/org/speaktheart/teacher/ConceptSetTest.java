package org.speaktheart.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;

class ConceptSetTest {

    @Test
    void manifestRecordsAndPromptEnsembles(@TempDir Path dir) throws IOException {
        Path manifest = dir.resolve("manifest.jsonl");
        Files.writeString(manifest, String.join("\n",
                "{\"id\":\"r1\",\"imagePath\":\"images/google/1f426.png\",\"conceptId\":\"1F426\",\"caption\":\"bird\",\"language\":\"en\","
                        + "\"split\":\"train\",\"attributes\":{\"style\":\"google\"}}",
                "{\"id\":\"r2\",\"imagePath\":\"images/twitter/1f426.png\",\"conceptId\":\"1F426\",\"caption\":\"a blue bird\","
                        + "\"language\":\"en\",\"split\":\"train\",\"attributes\":{\"style\":\"twitter\"}}",
                "",
                "{\"id\":\"r3\",\"imagePath\":\"images/google/1f34e.png\",\"conceptId\":\"1F34E\",\"caption\":\"bird\",\"language\":\"en\","
                        + "\"split\":\"train\"}"));
        Manifest m = ManifestIO.read(manifest);
        List<ManifestRecord> entries = m.records();
        assertEquals(3, entries.size());

        // Fake text tower: "bird" -> e0, "a blue bird" -> e1; each caption embedded once.
        List<List<String>> calls = new ArrayList<>();
        ConceptSet set = ConceptSet.of(entries, texts -> {
            calls.add(texts);
            return texts.stream().map(t -> t.equals("bird") ? new float[] {1, 0} : new float[] {0, 1}).toArray(float[][]::new);
        });
        assertEquals(List.of(List.of("bird", "a blue bird")), calls);
        assertEquals(List.of("1F34E", "1F426"), set.ids());
        assertEquals(1, set.indexOf("1F426"));
        assertEquals(-1, set.indexOf("1F600") < 0 ? -1 : 0);
        float h = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[] {h, h}, set.embeddings()[1], 1e-6f);
        assertArrayEquals(new float[] {1, 0}, set.embeddings()[0], 1e-6f);

        // The pictures: two of 1F426, one of 1F34E, paths resolved against the manifest's directory.
        ManifestImages images = ManifestImages.of(m, entries, set);
        assertEquals(List.of(dir.toAbsolutePath().resolve("images/google/1f426.png"), dir.toAbsolutePath().resolve("images/twitter/1f426.png"),
                dir.toAbsolutePath().resolve("images/google/1f34e.png")), images.paths());
        assertArrayEquals(new int[] {1, 1, 0}, images.concepts());
    }

    @Test
    void aPictureUnderTwoConceptsOrAnUnknownConceptIsRefused(@TempDir Path dir) throws IOException {
        Path manifest = dir.resolve("m.jsonl");
        Files.writeString(manifest, "{\"id\":\"r1\",\"imagePath\":\"a.png\",\"conceptId\":\"c\",\"caption\":\"x\",\"language\":\"en\","
                + "\"split\":\"train\"}\n{\"id\":\"r2\",\"imagePath\":\"a.png\",\"conceptId\":\"d\",\"caption\":\"y\",\"language\":\"en\","
                + "\"split\":\"test\"}\n");
        Manifest m = ManifestIO.read(manifest);
        ConceptSet set = ConceptSet.of(m.records(), texts -> texts.stream().map(t -> new float[] {t.length(), 1}).toArray(float[][]::new));
        TeacherInputException twice = assertThrows(TeacherInputException.class, () -> ManifestImages.of(m, m.records(), set));
        assertTrue(twice.getMessage().contains("'c' and 'd'"), twice.getMessage());
        ConceptSet onlyC = new ConceptSet(List.of("c", "e"), List.of(List.of("x"), List.of("z")), new float[][] {{1, 0}, {0, 1}});
        TeacherInputException unknown = assertThrows(TeacherInputException.class,
                () -> ManifestImages.of(m, m.split(Split.TEST), onlyC));
        assertTrue(unknown.getMessage().contains("concept 'd'"), unknown.getMessage());
        TeacherInputException noRecords = assertThrows(TeacherInputException.class,
                () -> RetrievalSet.select(m, "ar", java.util.Set.of(Split.TRAIN)));
        assertTrue(noRecords.getMessage().contains("test/en") && noRecords.getMessage().contains("train/en"), noRecords.getMessage());
    }
}
