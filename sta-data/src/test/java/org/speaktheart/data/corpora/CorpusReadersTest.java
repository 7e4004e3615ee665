package org.speaktheart.data.corpora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.ManifestValidator;
import org.speaktheart.data.manifest.Split;

class CorpusReadersTest {

    private static void wav(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        byte[] pcm = new byte[1600 * 2];
        AudioFormat f = new AudioFormat(16000, 16, 1, true, false);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), f, 1600), AudioFileFormat.Type.WAVE, p.toFile());
    }

    private static void jpg(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpg", p.toFile());
    }

    private static void copyResource(String name, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        try (InputStream in = CorpusReadersTest.class.getResourceAsStream("/corpora/" + name)) {
            Files.copy(in, to);
        }
    }

    private static Manifest validate(Path dir, List<ManifestRecord> records) {
        Manifest m = ManifestIO.write(dir.resolve("manifest.jsonl"), records);
        ManifestValidator.englishArabic().validate(ManifestIO.read(dir.resolve("manifest.jsonl")));
        return m;
    }

    @Test
    void picklesOfEveryProtocolReadAsStringLists() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/corpora/cub_train_p2.pickle")) {
            assertEquals(List.of("001.Black_footed_Albatross/Black_Footed_Albatross_0001_796111", "002.Laysan_Albatross/Laysan_Albatross_0002_1027"),
                    PickleStrings.parse(in.readAllBytes(), "p2"));
        }
        try (InputStream in = getClass().getResourceAsStream("/corpora/flowers_train_p0.pickle")) {
            assertEquals(List.of("class_00001/image_06734", "class_00002/image_05142"), PickleStrings.parse(in.readAllBytes(), "p0"));
        }
        // Python 2 protocol 2 with byte strings, as StackGAN wrote them: ]q\0(U\x05abc/dq\1U\x03e/fq\2e.
        byte[] py2 = {(byte) 0x80, 2, ']', 'q', 0, '(', 'U', 5, 'a', 'b', 'c', '/', 'd', 'q', 1, 'U', 3, 'e', '/', 'f', 'q', 2, 'e', '.'};
        assertEquals(List.of("abc/d", "e/f"), PickleStrings.parse(py2, "py2"));
        CorpusException e = assertThrows(CorpusException.class, () -> PickleStrings.parse(new byte[] {(byte) 0x80, 2, '}', '.'}, "dict"));
        assertTrue(e.getMessage().contains("0x7d"), e.getMessage());
        assertThrows(CorpusException.class, () -> PickleStrings.parse(new byte[] {(byte) 0x80, 2, ']', 'X', 9, 0}, "short"));
    }

    @Test
    void cubAndOxfordSpokenLayouts(@TempDir Path dir) throws Exception {
        Path birds = dir.resolve("birds");
        copyResource("cub_train_p2.pickle", birds.resolve("train/filenames.pickle"));
        copyResource("cub_test_p4.pickle", birds.resolve("test/filenames.pickle"));
        List<String> keys = List.of("001.Black_footed_Albatross/Black_Footed_Albatross_0001_796111",
                "002.Laysan_Albatross/Laysan_Albatross_0002_1027", "001.Black_footed_Albatross/Black_Footed_Albatross_0005_796090");
        for (String k : keys) {
            jpg(birds.resolve("CUB_200_2011/images/" + k + ".jpg"));
            for (int i = 0; i < 3; i++) {
                wav(birds.resolve("CUB_200_2011/audio/" + k + "/" + k.substring(k.indexOf('/') + 1) + "_" + i + ".wav"));
            }
        }
        Files.createDirectories(birds.resolve("text/002.Laysan_Albatross"));
        Files.writeString(birds.resolve("text/" + keys.get(1) + ".txt"), "a white bird with grey wings\nthis bird is large\nlong beak\n");
        Manifest m = validate(dir, CubSpokenReader.read(birds, dir));
        assertEquals(9, m.records().size());
        assertEquals(Map.of(Split.TRAIN, 6L, Split.TEST, 3L), m.records().stream().collect(Collectors.groupingBy(ManifestRecord::split, Collectors.counting())));
        ManifestRecord laysan = m.records().stream().filter(r -> r.id().equals("cub-002.Laysan_Albatross-Laysan_Albatross_0002_1027-1")).findFirst().orElseThrow();
        assertEquals("this bird is large", laysan.caption());
        assertEquals("002.Laysan_Albatross", laysan.conceptId());
        assertEquals("birds/CUB_200_2011/audio/" + keys.get(1) + "/Laysan_Albatross_0002_1027_1.wav", laysan.audioPath());
        ManifestRecord black = m.records().stream().filter(r -> r.conceptId().startsWith("001")).findFirst().orElseThrow();
        assertEquals("Black footed Albatross", black.caption());
        assertEquals("class-name", black.attributes().get("captionSource"));

        Path flowers = dir.resolve("flowers");
        copyResource("flowers_train_p0.pickle", flowers.resolve("train/filenames.pickle"));
        Files.createDirectories(flowers.resolve("test"));
        Files.writeString(flowers.resolve("test/filenames.txt"), "class_00001/image_06735\n");
        for (String k : List.of("class_00001/image_06734", "class_00002/image_05142", "class_00001/image_06735")) {
            jpg(flowers.resolve("Oxford102/images/" + k + ".jpg"));
            wav(flowers.resolve("Oxford102/audio/" + k + "/a.wav"));
        }
        List<ManifestRecord> fl = OxfordSpokenReader.read(flowers, dir);
        assertEquals(3, fl.size());
        assertEquals(1, fl.stream().filter(r -> r.split() == Split.TEST).count());

        Files.delete(birds.resolve("CUB_200_2011/images/" + keys.get(2) + ".jpg"));
        CorpusException missing = assertThrows(CorpusException.class, () -> CubSpokenReader.read(birds, dir));
        assertTrue(missing.getMessage().contains("Black_Footed_Albatross_0005_796090.jpg"), missing.getMessage());
        CorpusException outside = assertThrows(CorpusException.class, () -> OxfordSpokenReader.read(flowers, dir.resolve("birds")));
        assertTrue(outside.getMessage().contains("outside the manifest directory"), outside.getMessage());
    }

    @Test
    void flickr8kWithAudioCaptionCorpus(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("flickr8k");
        String[] imgs = {"1000268201_693b08cb0e", "1001773457_577c3a7d70", "1002674143_1b742ab4b8", "99999_unlisted"};
        StringBuilder tokens = new StringBuilder();
        StringBuilder w2c = new StringBuilder();
        StringBuilder w2s = new StringBuilder();
        for (String im : imgs) {
            jpg(root.resolve("Flicker8k_Dataset/" + im + ".jpg"));
            for (int n = 0; n < 2; n++) {
                tokens.append(im).append(".jpg#").append(n).append('\t').append("caption ").append(n).append(" of ").append(im).append(" .\n");
                w2c.append(im).append('_').append(n).append(".wav ").append(im).append(".jpg #").append(n).append('\n');
                w2s.append(im).append('_').append(n).append(".wav ").append(n + 40).append('\n');
                wav(root.resolve("flickr_audio/wavs/" + im + "_" + n + ".wav"));
            }
        }
        Files.createDirectories(root.resolve("Flickr8k_text"));
        Files.writeString(root.resolve("Flickr8k_text/Flickr8k.token.txt"), tokens);
        Files.writeString(root.resolve("Flickr8k_text/Flickr_8k.trainImages.txt"), imgs[0] + ".jpg\n");
        Files.writeString(root.resolve("Flickr8k_text/Flickr_8k.devImages.txt"), imgs[1] + ".jpg\n");
        Files.writeString(root.resolve("Flickr8k_text/Flickr_8k.testImages.txt"), imgs[2] + ".jpg\n");
        Files.writeString(root.resolve("flickr_audio/wav2capt.txt"), w2c);
        Files.writeString(root.resolve("flickr_audio/wav2spk.txt"), w2s);
        Manifest m = validate(dir, Flickr8kAudioReader.read(root, dir));
        assertEquals(6, m.records().size(), "the unlisted image is skipped");
        ManifestRecord r = m.records().stream().filter(x -> x.id().equals("flickr8k-1001773457_577c3a7d70_1")).findFirst().orElseThrow();
        assertEquals(Split.VAL, r.split());
        assertEquals("caption 1 of 1001773457_577c3a7d70 .", r.caption());
        assertEquals("flickr-41", r.voice());
        assertEquals("flickr8k/Flicker8k_Dataset/1001773457_577c3a7d70.jpg", r.imagePath());
        Files.writeString(root.resolve("flickr_audio/wav2capt.txt"), "broken line\n");
        assertThrows(CorpusException.class, () -> Flickr8kAudioReader.read(root, dir));
    }

    @Test
    void spokenCocoJson(@TempDir Path dir) throws Exception {
        Path sc = dir.resolve("SpokenCOCO");
        Path coco = dir.resolve("coco");
        jpg(coco.resolve("val2014/COCO_val2014_000000325114.jpg"));
        jpg(coco.resolve("train2014/COCO_train2014_000000000009.jpg"));
        wav(sc.resolve("wavs/val/0/m1-a.wav"));
        wav(sc.resolve("wavs/val/0/m2-b.wav"));
        wav(sc.resolve("wavs/train/0/m3-c.wav"));
        Files.writeString(sc.resolve("SpokenCOCO_val.json"), "{\"data\": [{\"image\": \"val2014/COCO_val2014_000000325114.jpg\", \"captions\": ["
                + "{\"text\": \"A MAN WITH A RED HELMET\", \"speaker\": \"m1\", \"uttid\": \"m1-a\", \"wav\": \"wavs/val/0/m1-a.wav\"},"
                + "{\"text\": \"A PERSON ON A BIKE\", \"speaker\": \"m2\", \"uttid\": \"m2-b\", \"wav\": \"wavs/val/0/m2-b.wav\"}]}]}",
                StandardCharsets.UTF_8);
        Files.writeString(sc.resolve("SpokenCOCO_train.json"), "{\"data\": [{\"image\": \"train2014/COCO_train2014_000000000009.jpg\", \"captions\": ["
                + "{\"text\": \"FOOD IN BOWLS\", \"speaker\": \"m3\", \"uttid\": \"m3-c\", \"wav\": \"wavs/train/0/m3-c.wav\"}]}]}");
        Manifest m = validate(dir, SpokenCocoReader.read(sc, coco, dir));
        assertEquals(3, m.records().size());
        ManifestRecord r = m.records().stream().filter(x -> x.id().equals("spokencoco-m2-b")).findFirst().orElseThrow();
        assertEquals(Split.VAL, r.split());
        assertEquals("spokencoco-m2", r.voice());
        assertEquals("COCO_val2014_000000325114", r.conceptId());
        assertEquals("SpokenCOCO/wavs/val/0/m2-b.wav", r.audioPath());
        assertEquals(Split.TRAIN, m.records().stream().filter(x -> x.id().equals("spokencoco-m3-c")).findFirst().orElseThrow().split());
        assertThrows(CorpusException.class, () -> SpokenCocoReader.read(dir.resolve("none"), coco, dir));
    }
}
