package org.speaktheart.data.emoji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
import org.speaktheart.data.tts.Engine;
import org.speaktheart.data.tts.ProcessRunner;

class EmojiCorpusTest {

    static Path fixture() throws URISyntaxException {
        return Path.of(EmojiCorpusTest.class.getResource("/emoji-fixture/ATTRIBUTION.md").toURI()).getParent();
    }

    private static EmojiCorpusConfig tiny(Path out) throws URISyntaxException {
        return EmojiCorpusConfig.builder(out, fixture()).fetch(false).utterancesPerImage(1).seed(5)
                .engines(Set.of(Engine.ESPEAK_NG)).build();
    }

    @Test
    void tinyCorpusFromFixture(@TempDir Path dir) throws Exception {
        Manifest m = EmojiCorpus.build(tiny(dir.resolve("a")), ProgressListener.NONE);
        ManifestValidator.englishArabic().validate(ManifestIO.read(dir.resolve("a/manifest.jsonl")));
        // 6 concepts; google + twitter in train, fluent-3d in val and test; 2 languages; 1 utterance each.
        assertEquals(6 * (2 + 1 + 1) * 2, m.records().size());
        Set<String> concepts = Set.of("1F34E", "1F34C", "1F415", "1F438", "1F955", "1F337");
        for (Split s : Split.values()) {
            assertEquals(concepts, m.split(s).stream().map(ManifestRecord::conceptId).collect(Collectors.toSet()), "coverage of " + s);
            for (String lang : List.of("en", "ar")) {
                assertEquals(6L * (s == Split.TRAIN ? 2 : 1), m.split(s).stream().filter(r -> r.language().equals(lang)).count());
            }
        }
        Set<String> trainStyles = styles(m, Split.TRAIN);
        assertEquals(Set.of("google", "twitter"), trainStyles);
        assertEquals(Set.of("fluent-3d"), styles(m, Split.TEST));
        assertEquals(Set.of("fluent-3d"), styles(m, Split.VAL));
        for (String lang : List.of("en", "ar")) {
            Set<String> tr = voices(m, Split.TRAIN, lang);
            Set<String> va = voices(m, Split.VAL, lang);
            Set<String> te = voices(m, Split.TEST, lang);
            assertTrue(tr.stream().noneMatch(te::contains) && tr.stream().noneMatch(va::contains) && va.stream().noneMatch(te::contains),
                    lang + ": " + tr + " / " + va + " / " + te);
        }
        for (ManifestRecord r : m.records()) {
            BufferedImage img = ImageIO.read(m.resolve(r.imagePath()).toFile());
            assertEquals(64, img.getWidth());
            assertEquals(0xFFFFFF, img.getRGB(0, 0) & 0xFFFFFF, "composited on white: " + r.imagePath());
            WavProbe.Info info = WavProbe.probe(m.resolve(r.audioPath()));
            assertEquals(16000f, info.sampleRate());
            assertEquals(1, info.channels());
            assertTrue(info.seconds() > 0.3 && info.seconds() < 8, r.id() + " " + info.seconds() + " s");
            assertTrue(info.rms() > 0.01, r.id() + " silent");
            if (r.language().equals("ar")) {
                assertTrue(r.caption().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC), r.caption());
            }
        }
        ManifestRecord apple = m.records().stream().filter(r -> r.id().startsWith("emoji-1f34e-google-train-en")).findFirst().orElseThrow();
        assertEquals("red", apple.attributes().get("colour"), "the apple's pixels are mostly red");
        assertEquals("🍎", apple.attributes().get("emoji"));
        assertTrue(apple.caption().contains("red apple"), apple.caption());
        String card = Files.readString(dir.resolve("a/README.md"));
        assertTrue(card.contains("CC-BY-4.0") && card.contains("| test |") && card.contains("espeak-ng/"), card);
        assertTrue(Files.isRegularFile(dir.resolve("a/licences/cldr-annotations-full-48.2.0/LICENSE")));

        // Same seed and inputs: byte-identical manifest, and the hash recorded when this test was written.
        EmojiCorpus.build(tiny(dir.resolve("b")), ProgressListener.NONE);
        byte[] a = Files.readAllBytes(dir.resolve("a/manifest.jsonl"));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("b/manifest.jsonl")));
        assertEquals(EXPECTED_SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a)));
    }

    static final String EXPECTED_SHA256 = "ef6ec875ca1467556bc851db9a95b96db2fb3f7974ac250968e340ca88ab7dff";

    private static Set<String> styles(Manifest m, Split s) {
        return m.split(s).stream().map(r -> r.attributes().get("style")).collect(Collectors.toSet());
    }

    private static Set<String> voices(Manifest m, Split s, String lang) {
        return m.split(s).stream().filter(r -> r.language().equals(lang)).map(ManifestRecord::voice).collect(Collectors.toSet());
    }

    @Test
    void imagesOnlyAndErrors(@TempDir Path dir) throws Exception {
        EmojiCorpusConfig c = EmojiCorpusConfig.builder(dir.resolve("o"), fixture()).fetch(false).speech(false)
                .concepts(List.of("1f438", "1F955")).valStyles(Set.of(EmojiStyle.TWITTER)).testStyles(Set.of(EmojiStyle.FLUENT_3D)).build();
        Manifest m = EmojiCorpus.build(c, ProgressListener.NONE);
        // 2 concepts x 3 styles (one split each) x 2 languages x 2 utterances.
        assertEquals(24, m.records().size());
        assertEquals(Map.of(Split.TRAIN, 8L, Split.VAL, 8L, Split.TEST, 8L),
                m.records().stream().collect(Collectors.groupingBy(ManifestRecord::split, Collectors.counting())));
        assertEquals(Set.of("google"), styles(m, Split.TRAIN));
        assertEquals(Set.of("twitter"), styles(m, Split.VAL));
        ManifestRecord frog = m.records().stream().filter(r -> r.conceptId().equals("1F438") && r.language().equals("en")).findFirst().orElseThrow();
        assertEquals("green", frog.attributes().get("colour"));

        DataException unknown = assertThrows(DataException.class, () -> EmojiCorpus.build(EmojiCorpusConfig.builder(dir.resolve("x"), fixture())
                .fetch(false).speech(false).concepts(List.of("1F600")).build(), ProgressListener.NONE));
        assertTrue(unknown.getMessage().contains("1F600"), unknown.getMessage());
        DataException noCache = assertThrows(DataException.class, () -> EmojiCorpus.build(EmojiCorpusConfig.builder(dir.resolve("y"), dir.resolve("empty"))
                .fetch(false).speech(false).build(), ProgressListener.NONE));
        assertTrue(noCache.getMessage().contains("npm pack emoji-datasource-google@16.0.0"), noCache.getMessage());
        DataException allHeld = assertThrows(DataException.class, () -> EmojiCorpusConfig.builder(dir, dir)
                .valStyles(Set.of(EmojiStyle.GOOGLE, EmojiStyle.TWITTER)).build());
        assertTrue(allHeld.getMessage().contains("training"), allHeld.getMessage());
        assertThrows(DataException.class, () -> EmojiCorpusConfig.builder(dir, dir).categories(Set.of("Flags")).build());
    }

    @Test
    void compositingAreaAveragesOnWhite() {
        BufferedImage src = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        src.setRGB(0, 0, 0xFF000000);          // opaque black
        src.setRGB(1, 0, 0x80FF0000);          // half-transparent red
        BufferedImage out = EmojiImages.compositeOnWhite(src, 2);
        // Top-left 2x2 block: black (0,0,0), red over white (255,127,127) approx, two transparent -> white.
        int p = out.getRGB(0, 0);
        double a = 128 / 255.0;
        int g = (int) Math.round((0 + (255 * (1 - a))) / 4.0 + 255 * 2 / 4.0);
        int r = (int) Math.round((0 + 255) / 4.0 + 255 * 2 / 4.0);
        assertEquals(r, (p >> 16) & 0xff);
        assertEquals(g, (p >> 8) & 0xff);
        assertEquals(0xFFFFFF, out.getRGB(1, 1) & 0xFFFFFF);
        assertEquals(ColourWord.RED, ColourWord.of(0xDD2222));
        assertEquals(ColourWord.GREEN, ColourWord.of(0x33AA33));
        assertEquals(ColourWord.BROWN, ColourWord.of(0x704020));
        assertFalse(ColourWord.dominant(new BufferedImage(3, 3, BufferedImage.TYPE_INT_ARGB)).isPresent(), "fully transparent: no colour");
    }

    @Test
    void tarExtractionReadsOnlyWantedFiles(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/package/deep/" + "d".repeat(120));
        Files.createDirectories(src);
        Files.writeString(src.resolve("a.txt"), "alpha");
        Files.writeString(dir.resolve("src/package/b.txt"), "beta");
        Path tgz = dir.resolve("p.tgz");
        new ProcessRunner(Duration.ofSeconds(20)).run(List.of("tar", "czf", tgz.toString(), "-C", dir.resolve("src").toString(), "package"), null);
        String longName = "package/deep/" + "d".repeat(120) + "/a.txt";
        Set<String> got = TarGz.extract(tgz, Set.of(longName, "package/none"), dir.resolve("out"));
        assertEquals(Set.of(longName), got);
        assertEquals("alpha", Files.readString(dir.resolve("out").resolve(longName)));
        assertFalse(Files.exists(dir.resolve("out/package/b.txt")));
    }
}
