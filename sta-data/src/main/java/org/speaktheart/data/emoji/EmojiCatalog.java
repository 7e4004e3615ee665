package org.speaktheart.data.emoji;

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
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.speaktheart.data.DataException;

/**
 * Reads {@code emoji.json} and the CLDR English and Arabic annotations into {@link EmojiConcept}s.
 * CLDR keys are emoji strings; each is looked up with and without U+FE0F, first in the plain then in
 * the derived annotations. Concepts without both names are left out.
 */
public final class EmojiCatalog {
    /** The files of the packages this catalog reads. */
    static final String EMOJI_JSON = "emoji.json";

    private EmojiCatalog() { }

    /**
     * @param store package cache (metadata files are unpacked on demand)
     * @param categories emoji categories to keep, e.g. {@code Animals & Nature}
     * @return the concepts with images in Google and Twitter, sorted by Unicode order
     */
    public static List<EmojiConcept> load(PackageStore store, Set<String> categories) {
        store.require(EmojiPackage.GOOGLE, List.of(EMOJI_JSON));
        store.require(EmojiPackage.CLDR, List.of("annotations/en/annotations.json", "annotations/ar/annotations.json"));
        store.require(EmojiPackage.CLDR_DERIVED, List.of("annotationsDerived/en/annotations.json", "annotationsDerived/ar/annotations.json"));
        JsonObject en = annotations(store.file(EmojiPackage.CLDR, "annotations/en/annotations.json"), "annotations");
        JsonObject ar = annotations(store.file(EmojiPackage.CLDR, "annotations/ar/annotations.json"), "annotations");
        JsonObject enD = annotations(store.file(EmojiPackage.CLDR_DERIVED, "annotationsDerived/en/annotations.json"), "annotationsDerived");
        JsonObject arD = annotations(store.file(EmojiPackage.CLDR_DERIVED, "annotationsDerived/ar/annotations.json"), "annotationsDerived");
        JsonArray all = parse(store.file(EmojiPackage.GOOGLE, EMOJI_JSON)).getAsJsonArray();
        List<EmojiConcept> out = new ArrayList<>();
        for (JsonElement e : all) {
            JsonObject o = e.getAsJsonObject();
            String category = o.get("category").getAsString();
            if (!categories.contains(category) || !bool(o, "has_img_google") || !bool(o, "has_img_twitter")) {
                continue;
            }
            String unified = o.get("unified").getAsString();
            String emoji = emojiOf(unified);
            JsonObject enA = lookup(emoji, en, enD);
            JsonObject arA = lookup(emoji, ar, arD);
            if (enA == null || arA == null || !enA.has("tts") || !arA.has("tts")) {
                continue;
            }
            out.add(new EmojiConcept(unified, o.get("image").getAsString(), category, o.get("subcategory").getAsString(),
                    o.get("sort_order").getAsInt(), enA.getAsJsonArray("tts").get(0).getAsString(), strings(enA.getAsJsonArray("default")),
                    arA.getAsJsonArray("tts").get(0).getAsString(), strings(arA.getAsJsonArray("default"))));
        }
        out.sort(Comparator.comparingInt(EmojiConcept::sortOrder).thenComparing(EmojiConcept::unified));
        return out;
    }

    private static boolean bool(JsonObject o, String key) {
        return o.has(key) && o.get(key).getAsBoolean();
    }

    private static String emojiOf(String unified) {
        StringBuilder sb = new StringBuilder();
        for (String cp : unified.split("-")) {
            sb.appendCodePoint(Integer.parseInt(cp, 16));
        }
        return sb.toString();
    }

    private static JsonObject lookup(String emoji, JsonObject plain, JsonObject derived) {
        String bare = emoji.replace("\uFE0F", "");
        for (JsonObject table : List.of(plain, derived)) {
            for (String k : List.of(emoji, bare)) {
                if (table.has(k)) {
                    return table.getAsJsonObject(k);
                }
            }
        }
        return null;
    }

    private static List<String> strings(JsonArray a) {
        List<String> s = new ArrayList<>();
        if (a != null) {
            a.forEach(x -> s.add(x.getAsString()));
        }
        return s;
    }

    private static JsonObject annotations(Path file, String root) {
        try {
            return parse(file).getAsJsonObject().getAsJsonObject(root).getAsJsonObject("annotations");
        } catch (RuntimeException e) {
            throw new DataException("unexpected CLDR layout in " + file + ": expected {\"" + root + "\": {\"annotations\": {...}}}", e);
        }
    }

    private static JsonElement parse(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r);
        } catch (IOException | RuntimeException e) {
            throw new DataException("cannot read JSON " + file + ": " + e.getMessage(), e);
        }
    }
}
