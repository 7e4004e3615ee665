package org.speaktheart.data.corpora;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;

/**
 * Reads Flickr8k with the Flickr Audio Caption Corpus (40,000 spoken captions) into manifest records.
 *
 * <p>Obtain: Flickr8k (images {@code Flicker8k_Dataset/}, text {@code Flickr8k_text/}) from the
 * University of Illinois request form; the Flickr Audio Caption Corpus ({@code flickr_audio/}) from
 * MIT's spoken language systems group. Expected layout under one root:
 *
 * <pre>
 * Flicker8k_Dataset/&lt;image&gt;.jpg          (the original spelling; Flickr8k_Dataset is accepted too)
 * Flickr8k_text/Flickr8k.token.txt        "&lt;image&gt;.jpg#&lt;n&gt;&lt;TAB&gt;caption"
 * Flickr8k_text/Flickr_8k.trainImages.txt, Flickr_8k.devImages.txt, Flickr_8k.testImages.txt
 * flickr_audio/wav2capt.txt               "&lt;wav&gt; &lt;image&gt;.jpg #&lt;n&gt;"
 * flickr_audio/wav2spk.txt                "&lt;wav&gt; &lt;speaker&gt;" (optional)
 * flickr_audio/wavs/&lt;wav&gt;
 * </pre>
 *
 * Splits: train / dev (as val) / test from the official lists; images in no list are skipped. The
 * concept is the image (Flickr8k has no classes); the voice is the speaker id when known.
 */
public final class Flickr8kAudioReader {
    private Flickr8kAudioReader() { }

    /**
     * @param root directory holding the four parts above
     * @param manifestDir where the manifest will be written (must contain {@code root})
     * @return the records
     */
    public static List<ManifestRecord> read(Path root, Path manifestDir) {
        Path images = Files.isDirectory(root.resolve("Flicker8k_Dataset")) ? root.resolve("Flicker8k_Dataset") : root.resolve("Flickr8k_Dataset");
        Path text = root.resolve("Flickr8k_text");
        Path audio = root.resolve("flickr_audio");
        Map<String, Split> splits = new HashMap<>();
        putSplit(splits, text.resolve("Flickr_8k.trainImages.txt"), Split.TRAIN);
        putSplit(splits, text.resolve("Flickr_8k.devImages.txt"), Split.VAL);
        putSplit(splits, text.resolve("Flickr_8k.testImages.txt"), Split.TEST);
        Map<String, String> captions = new HashMap<>();
        for (String line : required(text.resolve("Flickr8k.token.txt"))) {
            int tab = line.indexOf('\t');
            if (line.isBlank()) {
                continue;
            }
            if (tab < 0) {
                throw new CorpusException("Flickr8k.token.txt: expected '<image>.jpg#<n><TAB>caption', got '" + line + "'");
            }
            captions.put(line.substring(0, tab).strip(), line.substring(tab + 1).strip());
        }
        Map<String, String> speakers = new HashMap<>();
        Path spk = audio.resolve("wav2spk.txt");
        if (Files.isRegularFile(spk)) {
            for (String line : S2iganLayout.lines(spk)) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 2) {
                    speakers.put(f[0], f[1]);
                }
            }
        }
        List<ManifestRecord> out = new ArrayList<>();
        for (String line : required(audio.resolve("wav2capt.txt"))) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("\\s+");
            if (f.length != 3 || !f[2].startsWith("#")) {
                throw new CorpusException("wav2capt.txt: expected '<wav> <image>.jpg #<n>', got '" + line + "'");
            }
            Split split = splits.get(f[1]);
            if (split == null) {
                continue;
            }
            String caption = captions.get(f[1] + f[2]);
            if (caption == null) {
                throw new CorpusException("no caption " + f[1] + f[2] + " in Flickr8k.token.txt for " + f[0]);
            }
            Path wav = audio.resolve("wavs").resolve(f[0]);
            Path image = images.resolve(f[1]);
            String stem = f[1].replaceFirst("\\.jpg$", "");
            out.add(ManifestRecord.builder().id("flickr8k-" + f[0].replaceFirst("\\.wav$", ""))
                    .imagePath(CorpusPaths.relative(manifestDir, image)).conceptId(stem).caption(caption).language("en")
                    .voice("flickr-" + speakers.getOrDefault(f[0], "unknown")).audioPath(CorpusPaths.relative(manifestDir, wav))
                    .split(split).attribute("corpus", "flickr8k").attribute("captionIndex", f[2].substring(1)).build());
        }
        return out;
    }

    private static void putSplit(Map<String, Split> splits, Path list, Split split) {
        for (String line : required(list)) {
            if (!line.isBlank()) {
                splits.put(line.strip(), split);
            }
        }
    }

    private static List<String> required(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CorpusException("Flickr8k: " + file + " does not exist (see the expected layout in Flickr8kAudioReader)");
        }
        return S2iganLayout.lines(file);
    }
}
