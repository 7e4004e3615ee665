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
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.speaktheart.data.DataException;

/**
 * Reads {@code emoji.json} and the CLDR annotations into {@link EmojiConcept}s. CLDR keys are emoji
 * strings; each is looked up with and without U+FE0F, first in the plain then in the derived
 * annotations. The concept set is the bilingual one: concepts without both an English and an Arabic
 * name are always left out, so a corpus in other languages covers the same concepts (or a subset);
 * concepts without a name in a further requested language (e.g. French) are left out only when that
 * language is requested.
 */
public final class EmojiCatalog {
    /** The files of the packages this catalog reads. */
    static final String EMOJI_JSON = "emoji.json";
    /** Languages whose names every concept must have. */
    static final List<String> BASE_LANGUAGES = List.of("en", "ar");

    private EmojiCatalog() { }

    /**
     * @param store package cache (metadata files are unpacked on demand)
     * @param categories emoji categories to keep, e.g. {@code Animals & Nature}
     * @param languages further languages to read names and keywords for, e.g. {@code fr}; English
     *     and Arabic are always read
     * @return the concepts with images in Google and Twitter, sorted by Unicode order
     */
    public static List<EmojiConcept> load(PackageStore store, Set<String> categories, Collection<String> languages) {
        Set<String> langs = new LinkedHashSet<>(BASE_LANGUAGES);
        langs.addAll(languages);
        store.require(EmojiPackage.GOOGLE, List.of(EMOJI_JSON));
        store.require(EmojiPackage.CLDR, langs.stream().map(EmojiCatalog::plainPath).toList());
        store.require(EmojiPackage.CLDR_DERIVED, langs.stream().map(EmojiCatalog::derivedPath).toList());
        Map<String, JsonObject> plain = new LinkedHashMap<>();
        Map<String, JsonObject> derived = new LinkedHashMap<>();
        for (String lang : langs) {
            plain.put(lang, annotations(store.file(EmojiPackage.CLDR, plainPath(lang)), "annotations"));
            derived.put(lang, annotations(store.file(EmojiPackage.CLDR_DERIVED, derivedPath(lang)), "annotationsDerived"));
        }
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
            Map<String, String> names = new LinkedHashMap<>();
            Map<String, List<String>> keywords = new LinkedHashMap<>();
            for (String lang : langs) {
                JsonObject a = lookup(emoji, plain.get(lang), derived.get(lang));
                if (a != null && a.has("tts")) {
                    names.put(lang, a.getAsJsonArray("tts").get(0).getAsString());
                    keywords.put(lang, strings(a.getAsJsonArray("default")));
                }
            }
            if (names.size() < langs.size()) {
                continue;
            }
            out.add(new EmojiConcept(unified, o.get("image").getAsString(), category, o.get("subcategory").getAsString(),
                    o.get("sort_order").getAsInt(), names, keywords));
        }
        out.sort(Comparator.comparingInt(EmojiConcept::sortOrder).thenComparing(EmojiConcept::unified));
        return out;
    }

    private static String plainPath(String lang) {
        return "annotations/" + lang + "/annotations.json";
    }

    private static String derivedPath(String lang) {
        return "annotationsDerived/" + lang + "/annotations.json";
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
