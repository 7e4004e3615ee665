package org.speaktheart.data.emoji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
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
import org.speaktheart.data.tts.Engine;
import org.speaktheart.data.tts.ProcessRunner;

/** French captions of the emoji corpus, from the fixture's real CLDR entries. */
class FrenchCaptionsTest {
    private static final Set<String> CATEGORIES = EmojiCorpusConfig.DEFAULT_CATEGORIES;

    private static Map<String, EmojiConcept> fixtureConcepts(List<String> languages) throws Exception {
        PackageStore store = new PackageStore(EmojiCorpusTest.fixture(), false, new ProcessRunner(Duration.ofSeconds(5)));
        return EmojiCatalog.load(store, CATEGORIES, languages).stream().collect(Collectors.toMap(EmojiConcept::unified, Function.identity()));
    }

    private static EmojiConcept concept(String unified, String en, String ar, String fr, List<String> frKeywords) {
        return new EmojiConcept(unified, unified.toLowerCase() + ".png", "Animals & Nature", "animal", 1,
                Map.of("en", en, "ar", ar, "fr", fr), Map.of("en", List.of(), "ar", List.of(), "fr", frKeywords));
    }

    @Test
    void frenchCaptionsOfFixedConcepts() throws Exception {
        Map<String, EmojiConcept> c = fixtureConcepts(List.of("en", "fr"));
        assertEquals(6, c.size());
        EmojiConcept apple = c.get("1F34E");
        EmojiConcept frog = c.get("1F438");
        EmojiConcept carrot = c.get("1F955");
        assertEquals("pomme rouge", apple.name("fr"));
        assertEquals("red apple", apple.name("en"));
        assertEquals("pomme rouge", EmojiCaptions.caption(apple, "fr", EmojiCaptions.NAME, Optional.empty(), null));
        assertEquals("une image de pomme rouge", EmojiCaptions.caption(apple, "fr", EmojiCaptions.PICTURE, Optional.empty(), null));
        assertEquals("grenouille de couleur verte", EmojiCaptions.caption(frog, "fr", EmojiCaptions.COLOUR, Optional.of(ColourWord.GREEN), null));
        assertEquals("carotte de couleur orange", EmojiCaptions.caption(carrot, "fr", EmojiCaptions.COLOUR, Optional.of(ColourWord.ORANGE), null));
        assertEquals("grenouille, crapaud", EmojiCaptions.caption(frog, "fr", EmojiCaptions.KEYWORD, Optional.empty(), "crapaud"));
        // "grenouille" equals the name and "tête de grenouille" contains it: both unusable.
        assertEquals(List.of("animal", "crapaud", "tête"), EmojiCaptions.usableKeywords(frog, "fr"));
        // Elision before a vowel and a mute h, none before an aspirated h.
        assertEquals("d'", EmojiCaptions.frenchOf("huître"));
        assertEquals("d'", EmojiCaptions.frenchOf("hippopotame"));
        assertEquals("de ", EmojiCaptions.frenchOf("homard"));
        assertEquals("de ", EmojiCaptions.frenchOf("hot dog"));
        assertEquals("d'", EmojiCaptions.frenchOf("œuf"));
        assertEquals("de ", EmojiCaptions.frenchOf("banane"));
        EmojiConcept bee = concept("1F41D", "honeybee", "نحلة", "abeille", List.of("insecte"));
        assertEquals("une image d'abeille", EmojiCaptions.caption(bee, "fr", EmojiCaptions.PICTURE, Optional.empty(), null));
        EmojiConcept owl = concept("1F989", "owl", "بومة", "hibou", List.of());
        assertEquals("une image de hibou", EmojiCaptions.caption(owl, "fr", EmojiCaptions.PICTURE, Optional.empty(), null));
        assertEquals("hibou de couleur blanche", EmojiCaptions.caption(owl, "fr", EmojiCaptions.COLOUR, Optional.of(ColourWord.WHITE), null));
        assertEquals(List.of("rouge", "orange", "jaune", "verte", "bleue", "violette", "rose", "marron", "noire", "grise", "blanche"),
                java.util.Arrays.stream(ColourWord.values()).map(ColourWord::french).toList());
        DataException de = assertThrows(DataException.class, () -> EmojiCaptions.caption(frog, "de", EmojiCaptions.NAME, Optional.empty(), null));
        assertTrue(de.getMessage().contains("[en, ar, fr]") && de.getMessage().contains("'de'"), de.getMessage());
    }

    @Test
    void colourTemplateSeesFrenchColourWordsOnlyWhenFrenchIsBuilt() {
        // The rose is named by a colour word in French only: an en/ar build keeps its COLOUR template.
        EmojiConcept rose = concept("1F339", "rose", "وردة", "rose", List.of());
        Optional<ColourWord> red = Optional.of(ColourWord.RED);
        assertEquals(List.of(0, 1, 2), EmojiCaptions.applicable(rose, red, false, List.of("en", "ar")));
        assertEquals(List.of(0, 1), EmojiCaptions.applicable(rose, red, false, List.of("en", "fr")));
        assertTrue(EmojiCaptions.hasColourWord("ours brun et vert", "fr"));
        assertTrue(EmojiCaptions.hasColourWord("pomme verte", "fr"));
        assertFalse(EmojiCaptions.hasColourWord("grenouille", "fr"));
        assertFalse(EmojiCaptions.hasColourWord("pomme verte", "en"));
    }

    @Test
    void conceptsWithoutFrenchNameLeftOutOnlyWhenFrenchIsRequested(@TempDir Path dir) throws Exception {
        Path fixture = EmojiCorpusTest.fixture();
        for (String rel : List.of("emoji-datasource-google-16.0.0/package/emoji.json",
                "cldr-annotations-full-48.2.0/package/annotations/en/annotations.json",
                "cldr-annotations-full-48.2.0/package/annotations/ar/annotations.json",
                "cldr-annotations-derived-full-48.2.0/package/annotationsDerived/en/annotations.json",
                "cldr-annotations-derived-full-48.2.0/package/annotationsDerived/ar/annotations.json",
                "cldr-annotations-derived-full-48.2.0/package/annotationsDerived/fr/annotations.json")) {
            Files.createDirectories(dir.resolve(rel).getParent());
            Files.copy(fixture.resolve(rel), dir.resolve(rel));
        }
        // French annotations with the carrot (U+1F955) removed.
        Path fr = dir.resolve("cldr-annotations-full-48.2.0/package/annotations/fr/annotations.json");
        Files.createDirectories(fr.getParent());
        com.google.gson.JsonObject root = com.google.gson.JsonParser.parseString(Files.readString(fixture.resolve(
                "cldr-annotations-full-48.2.0/package/annotations/fr/annotations.json"))).getAsJsonObject();
        assertTrue(root.getAsJsonObject("annotations").getAsJsonObject("annotations").remove("\uD83E\uDD55") != null);
        Files.writeString(fr, root.toString(), StandardCharsets.UTF_8);
        PackageStore store = new PackageStore(dir, false, new ProcessRunner(Duration.ofSeconds(5)));
        List<EmojiConcept> bilingual = EmojiCatalog.load(store, CATEGORIES, List.of("en", "ar"));
        List<EmojiConcept> french = EmojiCatalog.load(store, CATEGORIES, List.of("en", "fr"));
        assertEquals(6, bilingual.size());
        assertFalse(bilingual.get(0).hasLanguage("fr"), "French is not read unless requested");
        assertEquals(5, french.size());
        assertTrue(french.stream().noneMatch(x -> x.unified().equals("1F955")));
        assertTrue(french.stream().allMatch(x -> x.hasLanguage("fr") && x.hasLanguage("ar")));
        DataException noFr = assertThrows(DataException.class, () -> bilingual.get(0).name("fr"));
        assertTrue(noFr.getMessage().contains("'fr'") && noFr.getMessage().contains("[ar, en]"), noFr.getMessage());
    }

    @Test
    void configAcceptsFrenchAndRejectsUnknownLanguages(@TempDir Path dir) {
        assertEquals(List.of("en", "fr"), EmojiCorpusConfig.builder(dir, dir).languages(List.of("en", "fr")).build().languages());
        DataException e = assertThrows(DataException.class, () -> EmojiCorpusConfig.builder(dir, dir).languages(List.of("en", "de")).build());
        assertTrue(e.getMessage().contains("languages") && e.getMessage().contains("[en, ar, fr]") && e.getMessage().contains("de"), e.getMessage());
        assertThrows(DataException.class, () -> EmojiCorpusConfig.builder(dir, dir).languages(List.of("fr", "fr")).build());
    }

    @Test
    void tinyFrenchCorpusWithSpeech(@TempDir Path dir) throws Exception {
        EmojiCorpusConfig config = EmojiCorpusConfig.builder(dir.resolve("fr"), EmojiCorpusTest.fixture()).fetch(false).utterancesPerImage(1)
                .seed(5).languages(List.of("en", "fr")).engines(Set.of(Engine.ESPEAK_NG)).build();
        Manifest m = EmojiCorpus.build(config, ProgressListener.NONE);
        new ManifestValidator(Set.of("en", "fr"), true).validate(ManifestIO.read(dir.resolve("fr/manifest.jsonl")));
        // 6 concepts x (google + twitter train, fluent-3d val and test) x 2 languages x 1 utterance.
        assertEquals(6 * 4 * 2, m.records().size());
        Set<String> trainVoices = voices(m, Split.TRAIN);
        Set<String> valVoices = voices(m, Split.VAL);
        Set<String> testVoices = voices(m, Split.TEST);
        assertTrue(trainVoices.stream().noneMatch(testVoices::contains) && trainVoices.stream().noneMatch(valVoices::contains)
                && valVoices.stream().noneMatch(testVoices::contains), trainVoices + " / " + valVoices + " / " + testVoices);
        assertTrue(trainVoices.stream().allMatch(v -> v.startsWith("espeak-ng/fr")), trainVoices.toString());
        for (ManifestRecord r : m.records()) {
            if (r.language().equals("fr")) {
                EmojiConcept c = fixtureConcepts(List.of("en", "fr")).get(r.conceptId());
                assertTrue(r.caption().contains(c.name("fr")), r.caption());
                WavProbe.Info info = WavProbe.probe(m.resolve(r.audioPath()));
                assertEquals(16000f, info.sampleRate());
                assertTrue(info.seconds() > 0.3 && info.seconds() < 8, r.id() + " " + info.seconds() + " s");
                assertTrue(info.rms() > 0.01, r.id() + " silent");
            }
        }
        String card = Files.readString(dir.resolve("fr/README.md"));
        assertTrue(card.startsWith("# Emoji speech corpus (English and French)"), card.lines().findFirst().orElse(""));
    }

    private static Set<String> voices(Manifest m, Split s) {
        return m.split(s).stream().filter(r -> r.language().equals("fr")).map(ManifestRecord::voice).collect(Collectors.toSet());
    }
}
