package org.speaktheart.data.corpora;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;

/**
 * The directory layout the S2IGAN code (and STA after it) uses for the spoken-caption versions of
 * CUB-200-2011 and Oxford-102, shared by {@link CubSpokenReader} and {@link OxfordSpokenReader}:
 *
 * <pre>
 * &lt;dataDir&gt;/train/filenames.pickle        StackGAN split lists: pickled lists of keys
 * &lt;dataDir&gt;/test/filenames.pickle         ("002.Laysan_Albatross/Laysan_Albatross_0002_1027");
 *                                         a filenames.txt with one key per line is accepted instead
 * &lt;dataDir&gt;/&lt;imageRoot&gt;/images/&lt;key&gt;.jpg
 * &lt;dataDir&gt;/&lt;imageRoot&gt;/audio/&lt;key&gt;/*.wav  the spoken captions of one image, in name order
 * &lt;dataDir&gt;/text/&lt;key&gt;.txt                optional: the text captions, line i = spoken caption i
 * </pre>
 *
 * The concept is the key's class folder; without a text file the caption is the class name
 * (attribute {@code captionSource=class-name}).
 */
final class S2iganLayout {
    private S2iganLayout() { }

    static List<ManifestRecord> read(Path dataDir, String imageRoot, String corpus, Path manifestDir) {
        List<ManifestRecord> out = new ArrayList<>();
        boolean anySplit = false;
        for (Split split : List.of(Split.TRAIN, Split.TEST)) {
            List<String> keys = keys(dataDir.resolve(split.key()));
            if (keys == null) {
                continue;
            }
            anySplit = true;
            for (String key : keys) {
                Path image = dataDir.resolve(imageRoot).resolve("images").resolve(key + ".jpg");
                if (!Files.isRegularFile(image)) {
                    throw new CorpusException(corpus + ": image " + image + " of key '" + key + "' does not exist");
                }
                List<Path> wavs = wavs(dataDir.resolve(imageRoot).resolve("audio").resolve(key));
                List<String> texts = texts(dataDir.resolve("text").resolve(key + ".txt"));
                int slash = key.indexOf('/');
                String concept = slash > 0 ? key.substring(0, slash) : key;
                for (int k = 0; k < wavs.size(); k++) {
                    boolean hasText = k < texts.size() && !texts.get(k).isBlank();
                    String caption = hasText ? texts.get(k).strip() : className(concept);
                    out.add(ManifestRecord.builder().id(corpus + "-" + key.replace('/', '-') + "-" + k)
                            .imagePath(CorpusPaths.relative(manifestDir, image)).conceptId(concept).caption(caption).language("en")
                            .voice(corpus + "-speaker").audioPath(CorpusPaths.relative(manifestDir, wavs.get(k))).split(split)
                            .attribute("corpus", corpus).attribute("key", key)
                            .attribute("captionSource", hasText ? "text" : "class-name").build());
                }
            }
        }
        if (!anySplit) {
            throw new CorpusException(corpus + ": no split list found; expected " + dataDir.resolve("train/filenames.pickle")
                    + " and/or " + dataDir.resolve("test/filenames.pickle") + " (or filenames.txt)");
        }
        return out;
    }

    private static List<String> keys(Path splitDir) {
        Path pickle = splitDir.resolve("filenames.pickle");
        Path txt = splitDir.resolve("filenames.txt");
        if (Files.isRegularFile(pickle)) {
            return PickleStrings.read(pickle);
        }
        if (Files.isRegularFile(txt)) {
            return lines(txt).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        return null;
    }

    private static List<Path> wavs(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CorpusException("audio folder " + dir + " does not exist; expected one folder of WAV files per image");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav")).sorted().toList();
        } catch (IOException e) {
            throw new CorpusException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<String> texts(Path file) {
        return Files.isRegularFile(file) ? lines(file) : List.of();
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CorpusException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** "002.Laysan_Albatross" -> "Laysan Albatross"; "class_00001" stays. */
    private static String className(String concept) {
        String s = concept.replaceFirst("^\\d+\\.", "").replace('_', ' ').strip();
        return s.isEmpty() ? concept : s;
    }
}
