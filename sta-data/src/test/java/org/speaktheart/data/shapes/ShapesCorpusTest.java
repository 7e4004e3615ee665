package org.speaktheart.data.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.data.DataException;
import org.speaktheart.data.ProgressListener;
import org.speaktheart.data.WavProbe;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.ManifestValidator;
import org.speaktheart.data.manifest.Split;

class ShapesCorpusTest {

    @Test
    void tinyCorpusWithSpeechIsValidAndReadsBack(@TempDir Path dir) throws Exception {
        Manifest m = ShapesCorpus.tiny(dir, true);
        ManifestValidator.englishArabic().validate(ManifestIO.read(dir.resolve("manifest.jsonl")));
        assertEquals(24, m.records().size());
        ShapesScorer scorer = new ShapesScorer(64);
        for (ManifestRecord r : m.records()) {
            ShapeScene truth = ShapesCorpus.sceneOf(r);
            assertEquals(truth.conceptId(), r.conceptId());
            assertEquals(truth, scorer.read(ImageIO.read(m.resolve(r.imagePath()).toFile())).scene(), r.id());
            assertEquals(ShapeCaptions.caption(truth, r.language(), Integer.parseInt(r.attributes().get("template"))), r.caption());
            if (r.language().equals("ar")) {
                assertTrue(r.caption().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC), r.caption());
                assertTrue(r.caption().contains("\u064E") || r.caption().contains("\u0650"), "Arabic must be vowel-marked: " + r.caption());
            } else {
                assertTrue(r.caption().contains(truth.objects().get(0).shape().english()), r.caption());
            }
            WavProbe.Info info = WavProbe.probe(m.resolve(r.audioPath()));
            assertEquals(16000f, info.sampleRate());
            assertTrue(info.seconds() > 0.8 && info.seconds() < 12, r.id() + " duration " + info.seconds());
        }
        for (String lang : List.of("en", "ar")) {
            Set<String> train = voices(m, Split.TRAIN, lang);
            Set<String> val = voices(m, Split.VAL, lang);
            Set<String> test = voices(m, Split.TEST, lang);
            assertFalse(train.isEmpty() || test.isEmpty());
            assertTrue(train.stream().noneMatch(test::contains) && train.stream().noneMatch(val::contains)
                    && val.stream().noneMatch(test::contains), lang + " voices must be disjoint: " + train + " " + val + " " + test);
        }
        assertTrue(Files.readString(dir.resolve("README.md")).contains("| test |"));
    }

    private static Set<String> voices(Manifest m, Split s, String lang) {
        return m.split(s).stream().filter(r -> r.language().equals(lang)).map(ManifestRecord::voice).collect(Collectors.toSet());
    }

    @Test
    void imagesOnlyBuildIsDeterministic(@TempDir Path dir) throws Exception {
        ShapesCorpusConfig c1 = ShapesCorpusConfig.builder(dir.resolve("a")).items(40).seed(3).build();
        ShapesCorpusConfig c2 = ShapesCorpusConfig.builder(dir.resolve("b")).items(40).seed(3).build();
        Manifest a = ShapesCorpus.build(c1, ProgressListener.NONE);
        ShapesCorpus.build(c2, ProgressListener.NONE);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/manifest.jsonl")), Files.readAllBytes(dir.resolve("b/manifest.jsonl")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/images/000017.png")), Files.readAllBytes(dir.resolve("b/images/000017.png")));
        assertEquals(80, a.records().size());
        assertNull(a.records().get(0).audioPath());
        long twoObjects = a.records().stream().filter(r -> r.attributes().get("objects").equals("2")).count();
        assertTrue(twoObjects > 0 && twoObjects < 80, "both layouts must occur, two-object records " + twoObjects);
        assertEquals(Set.of(Split.TRAIN, Split.VAL, Split.TEST), a.records().stream().map(ManifestRecord::split).collect(Collectors.toSet()));
    }

    @Test
    void captionsNameEveryAttributeInBothLanguages() {
        ShapeScene s = new ShapeScene(List.of(new ShapeObject(ShapeKind.CIRCLE, ShapeColour.RED, ShapeSize.SMALL, Position.LEFT),
                new ShapeObject(ShapeKind.STAR, ShapeColour.BLUE, ShapeSize.LARGE, Position.RIGHT)), Background.GREY);
        assertEquals("a small red circle on the left and a large blue star on the right on a grey background", ShapeCaptions.english(s, 0));
        assertEquals("a picture of a small red circle on the left and a large blue star on the right on a grey background", ShapeCaptions.english(s, 1));
        // Feminine nouns (دَائِرَة، نَجْمَة) take feminine adjectives.
        assertEquals("دَائِرَة حَمْرَاء صَغِيرَة عَلَى الْيَسَار وَنَجْمَة زَرْقَاء كَبِيرَة عَلَى الْيَمِين عَلَى خَلْفِيَّة رَمَادِيَّة", ShapeCaptions.arabic(s, 0));
        ShapeScene m = ShapeScene.of(new ShapeObject(ShapeKind.SQUARE, ShapeColour.RED, ShapeSize.LARGE, Position.CENTER), Background.WHITE);
        assertEquals("صُورَة مُرَبَّع أَحْمَر كَبِير فِي الْوَسَط", ShapeCaptions.arabic(m, 1));
        assertEquals("large-red-square-center", m.conceptId());
        assertThrows(DataException.class, () -> ShapeCaptions.caption(m, "fr", 0));
    }

    @Test
    void configValidationNamesTheField(@TempDir Path dir) {
        DataException e = assertThrows(DataException.class, () -> ShapesCorpusConfig.builder(dir).items(0).build());
        assertTrue(e.getMessage().startsWith("items"), e.getMessage());
        e = assertThrows(DataException.class, () -> ShapesCorpusConfig.builder(dir).valFraction(0.6).testFraction(0.5).build());
        assertTrue(e.getMessage().contains("valFraction + testFraction"), e.getMessage());
        e = assertThrows(DataException.class, () -> ShapesCorpusConfig.builder(dir).languages(List.of("en", "de")).build());
        assertTrue(e.getMessage().startsWith("languages"), e.getMessage());
        assertThrows(DataException.class, () -> new ShapeScene(List.of(
                new ShapeObject(ShapeKind.CIRCLE, ShapeColour.RED, ShapeSize.SMALL, Position.TOP),
                new ShapeObject(ShapeKind.CIRCLE, ShapeColour.RED, ShapeSize.SMALL, Position.RIGHT)), Background.WHITE));
    }
}
