package org.speaktheart.data.corpora;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;

/**
 * Reads SpokenCOCO (about 600,000 spoken captions of MS-COCO images) into manifest records.
 *
 * <p>Obtain: SpokenCOCO from MIT's spoken language systems group (the archive holds
 * {@code SpokenCOCO_train.json}, {@code SpokenCOCO_val.json} and {@code wavs/}); the MS-COCO 2014
 * train and val images from the COCO dataset site. The JSON files hold
 * {@code {"data": [{"image": "val2014/COCO_val2014_....jpg", "captions": [{"text": ..., "speaker": ...,
 * "uttid": ..., "wav": "wavs/val/0/....wav"}]}]}}; image paths are relative to the COCO images root,
 * WAV paths to the SpokenCOCO root. {@code SpokenCOCO_train.json} gives the train split and
 * {@code SpokenCOCO_val.json} the val split (the Karpathy test images lie inside it).
 */
public final class SpokenCocoReader {
    private SpokenCocoReader() { }

    /**
     * @param spokenCocoRoot directory with the JSON files and {@code wavs/}
     * @param cocoImagesRoot directory with {@code train2014/} and {@code val2014/}
     * @param manifestDir where the manifest will be written (must contain both roots)
     * @return the records; concept = image file stem, voice = {@code spokencoco-<speaker>}
     */
    public static List<ManifestRecord> read(Path spokenCocoRoot, Path cocoImagesRoot, Path manifestDir) {
        List<ManifestRecord> out = new ArrayList<>();
        boolean any = false;
        for (Map.Entry<String, Split> e : List.of(Map.entry("SpokenCOCO_train.json", Split.TRAIN), Map.entry("SpokenCOCO_val.json", Split.VAL))) {
            Path json = spokenCocoRoot.resolve(e.getKey());
            if (!Files.isRegularFile(json)) {
                continue;
            }
            any = true;
            JsonArray data;
            try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
                data = JsonParser.parseReader(r).getAsJsonObject().getAsJsonArray("data");
            } catch (IOException | RuntimeException ex) {
                throw new CorpusException(json + ": expected {\"data\": [...]}: " + ex.getMessage(), ex);
            }
            if (data == null) {
                throw new CorpusException(json + ": expected a top-level \"data\" array");
            }
            for (JsonElement item : data) {
                JsonObject o = item.getAsJsonObject();
                String image = str(o, "image", json);
                Path imagePath = cocoImagesRoot.resolve(image);
                String stem = Path.of(image).getFileName().toString().replaceFirst("\\.jpg$", "");
                for (JsonElement c : o.getAsJsonArray("captions")) {
                    JsonObject cap = c.getAsJsonObject();
                    String wav = str(cap, "wav", json);
                    String uttid = cap.has("uttid") ? cap.get("uttid").getAsString() : Path.of(wav).getFileName().toString().replaceFirst("\\.wav$", "");
                    out.add(ManifestRecord.builder().id("spokencoco-" + uttid)
                            .imagePath(CorpusPaths.relative(manifestDir, imagePath)).conceptId(stem).caption(str(cap, "text", json).strip())
                            .language("en").voice("spokencoco-" + str(cap, "speaker", json))
                            .audioPath(CorpusPaths.relative(manifestDir, spokenCocoRoot.resolve(wav))).split(e.getValue())
                            .attribute("corpus", "spokencoco").build());
                }
            }
        }
        if (!any) {
            throw new CorpusException("SpokenCOCO: neither SpokenCOCO_train.json nor SpokenCOCO_val.json exists in " + spokenCocoRoot);
        }
        return out;
    }

    private static String str(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new CorpusException(file + ": entry lacks string field '" + key + "': " + o);
        }
        return e.getAsString();
    }
}
