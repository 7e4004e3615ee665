package org.speaktheart.data.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestIOTest {

    private static ManifestRecord rec(String id, String lang, Split split, boolean audio) {
        ManifestRecord.Builder b = ManifestRecord.builder().id(id).imagePath("img/" + id + ".png").conceptId("c-" + id)
                .caption(lang.equals("ar") ? "تُفَّاحَة حَمْرَاء" : "a red apple").language(lang).split(split)
                .attribute("zeta", "1").attribute("alpha", "x\"y");
        if (audio) {
            b.voice("espeak-ng:en-us").audioPath("audio/" + id + ".wav");
        }
        return b.build();
    }

    @Test
    void roundTripIsExactAndSortedAndDeterministic(@TempDir Path dir) throws Exception {
        List<ManifestRecord> recs = new ArrayList<>(List.of(rec("b", "en", Split.TRAIN, true), rec("a", "ar", Split.TEST, false),
                rec("c", "en", Split.VAL, true)));
        Path f = dir.resolve("m.jsonl");
        ManifestIO.write(f, recs);
        byte[] first = Files.readAllBytes(f);
        Collections.shuffle(recs, new Random(3));
        ManifestIO.write(f, recs);
        assertArrayEquals(first, Files.readAllBytes(f), "same records in another order must give the same bytes");

        Manifest m = ManifestIO.read(f);
        assertEquals(List.of("a", "b", "c"), m.records().stream().map(ManifestRecord::id).toList());
        assertEquals(rec("a", "ar", Split.TEST, false), m.records().get(0));
        assertEquals(rec("b", "en", Split.TRAIN, true), m.records().get(1));
        String text = new String(first, StandardCharsets.UTF_8);
        assertTrue(text.contains("تُفَّاحَة"), "Arabic must be written as UTF-8, not escaped");
        assertEquals("{\"id\":\"a\",\"imagePath\":\"img/a.png\",\"conceptId\":\"c-a\",\"caption\":\"تُفَّاحَة حَمْرَاء\",\"language\":\"ar\","
                + "\"split\":\"test\",\"attributes\":{\"alpha\":\"x\\\"y\",\"zeta\":\"1\"}}", text.lines().findFirst().orElseThrow());
        assertEquals(3, text.lines().count());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file may be left behind");
        }
    }

    @Test
    void malformedLinesAreTypedWithLineNumbers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.jsonl");
        String good = ManifestIO.format(rec("a", "en", Split.TRAIN, false));
        Files.writeString(f, good + "\n\n" + good.replace("\"train\"", "\"dev\"") + "\n");
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestIO.read(f));
        assertEquals(ManifestException.Kind.UNKNOWN_SPLIT, e.kind());
        assertTrue(e.getMessage().contains(":3:") && e.getMessage().contains("dev") && e.getMessage().contains("train, val, test"), e.getMessage());

        Files.writeString(f, "[1,2]\n");
        assertEquals(ManifestException.Kind.MALFORMED, assertThrows(ManifestException.class, () -> ManifestIO.read(f)).kind());
        Files.writeString(f, good.replace("\"caption\"", "\"captoin\"") + "\n");
        ManifestException typo = assertThrows(ManifestException.class, () -> ManifestIO.read(f));
        assertTrue(typo.getMessage().contains("captoin"), typo.getMessage());
        Files.writeString(f, "{not json\n");
        assertEquals(ManifestException.Kind.MALFORMED, assertThrows(ManifestException.class, () -> ManifestIO.read(f)).kind());
        assertEquals(ManifestException.Kind.IO, assertThrows(ManifestException.class, () -> ManifestIO.read(dir.resolve("none.jsonl"))).kind());
    }

    @Test
    void writerRejectsDuplicatesAndRecordRejectsHalfAudio(@TempDir Path dir) {
        ManifestException e = assertThrows(ManifestException.class,
                () -> ManifestIO.write(dir.resolve("m.jsonl"), List.of(rec("a", "en", Split.TRAIN, false), rec("a", "ar", Split.TEST, false))));
        assertEquals(ManifestException.Kind.DUPLICATE_ID, e.kind());
        assertThrows(ManifestException.class, () -> rec("a", "en", Split.TRAIN, false).toBuilder().voice("v").build());
        ManifestException blank = assertThrows(ManifestException.class, () -> rec("a", "en", Split.TRAIN, false).toBuilder().caption(" ").build());
        assertTrue(blank.getMessage().contains("caption"), blank.getMessage());
    }

    @Test
    void validatorFindsEveryKindOfProblem(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("img"));
        Files.writeString(dir.resolve("img/a.png"), "x");
        List<ManifestRecord> recs = List.of(rec("a", "en", Split.TRAIN, false), rec("a", "fr", Split.TRAIN, false),
                rec("b", "en", Split.TRAIN, true), rec("c", "en", Split.TRAIN, false).toBuilder().imagePath("../escape.png").build());
        Manifest m = new Manifest(dir.resolve("m.jsonl"), recs);
        List<ManifestException> p = ManifestValidator.englishArabic().problems(m);
        List<ManifestException.Kind> kinds = p.stream().map(ManifestException::kind).toList();
        assertEquals(List.of(ManifestException.Kind.DUPLICATE_ID, ManifestException.Kind.UNKNOWN_LANGUAGE,
                ManifestException.Kind.MISSING_FILE, ManifestException.Kind.MISSING_FILE, ManifestException.Kind.BAD_PATH), kinds);
        ManifestException thrown = assertThrows(ManifestException.class, () -> ManifestValidator.englishArabic().validate(m));
        assertTrue(thrown.getMessage().contains("5 problem(s)"), thrown.getMessage());
        assertEquals(0, new ManifestValidator(Set.of("en", "fr"), false).problems(
                new Manifest(dir.resolve("m.jsonl"), List.of(recs.get(0), recs.get(2)))).size());
    }
}
