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
        List<CaptionedImageManifest.Entry> entries = CaptionedImageManifest.read(manifest);
        assertEquals(3, entries.size());
        assertEquals(dir.toAbsolutePath().resolve("images/twitter/1f426.png"), entries.get(1).image());
        assertEquals("twitter", entries.get(1).style());
        assertEquals("", entries.get(2).style());

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
    }

    @Test
    void aLineWithoutAFieldIsReportedWithItsNumber(@TempDir Path dir) throws IOException {
        Path manifest = dir.resolve("m.jsonl");
        Files.writeString(manifest, "{\"id\":\"r1\",\"imagePath\":\"a.png\",\"conceptId\":\"c\",\"caption\":\"x\",\"language\":\"en\","
                + "\"split\":\"train\"}\n{\"id\":\"r2\",\"imagePath\":\"b.png\",\"caption\":\"y\",\"language\":\"en\",\"split\":\"train\"}\n");
        TeacherLoadException e = assertThrows(TeacherLoadException.class, () -> CaptionedImageManifest.read(manifest));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("conceptId"), e.getMessage());
    }
}
