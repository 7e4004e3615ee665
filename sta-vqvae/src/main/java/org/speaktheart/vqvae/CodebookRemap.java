package org.speaktheart.vqvae;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.speaktheart.core.io.AtomicFiles;

/**
 * Maps a tokenizer's raw code indices {@code [0, K)} to a dense range {@code [0, U)} of the codes
 * actually used, and back (the original STA generator works on 974 of a VQGAN's 16384 codes). Dense
 * id {@code i} is raw code {@code used[i]}.
 *
 * <p>File format (JSON): {@code {"formatVersion": 1, "codebookSize": K, "used": [raw ids...]}}, or
 * a bare JSON array of raw ids, in which case K comes from the caller.
 */
public final class CodebookRemap {
    /** Version of the JSON layout. */
    public static final int FORMAT_VERSION = 1;

    private final int codebookSize;
    private final int[] used;
    private final int[] rawToDense;

    /**
     * A remapping.
     *
     * @param codebookSize raw codebook size K
     * @param used the used raw ids, distinct, each in {@code [0, K)}; their order defines dense ids
     */
    public CodebookRemap(int codebookSize, int[] used) {
        if (codebookSize < 1) {
            throw new VqVaeException("codebookSize is " + codebookSize + "; accepted: >= 1");
        }
        if (used == null || used.length == 0) {
            throw new VqVaeException("remap table lists no used codes; accepted: 1.." + codebookSize + " distinct ids");
        }
        this.codebookSize = codebookSize;
        this.used = used.clone();
        this.rawToDense = new int[codebookSize];
        Arrays.fill(rawToDense, -1);
        for (int i = 0; i < used.length; i++) {
            int raw = used[i];
            if (raw < 0 || raw >= codebookSize) {
                throw new VqVaeException("remap entry " + i + " is raw code " + raw + "; accepted: 0.." + (codebookSize - 1));
            }
            if (rawToDense[raw] >= 0) {
                throw new VqVaeException("remap lists raw code " + raw + " twice (entries " + rawToDense[raw] + " and " + i
                        + "); accepted: distinct ids");
            }
            rawToDense[raw] = i;
        }
    }

    /** Raw codebook size K. */
    public int codebookSize() {
        return codebookSize;
    }

    /** Number U of used codes (the dense codebook size). */
    public int usedCount() {
        return used.length;
    }

    /** The used raw ids in dense order (a copy). */
    public int[] used() {
        return used.clone();
    }

    /**
     * The dense id of a raw code.
     *
     * @throws VqVaeException when the raw code is outside the used subset
     */
    public int toDense(long raw) {
        if (raw < 0 || raw >= codebookSize || rawToDense[(int) raw] < 0) {
            throw new VqVaeException("raw code " + raw + " is not among the " + used.length
                    + " used codes of the remap table; accepted: a code listed in the table (an encoder used with a "
                    + "remap must search only the used codes)");
        }
        return rawToDense[(int) raw];
    }

    /** The raw code of a dense id. */
    public long toRaw(int dense) {
        if (dense < 0 || dense >= used.length) {
            throw new VqVaeException("dense id " + dense + " is out of range; accepted: 0.." + (used.length - 1));
        }
        return used[dense];
    }

    /** Writes the JSON form atomically. */
    public void write(Path file) {
        JsonObject o = new JsonObject();
        o.addProperty("formatVersion", FORMAT_VERSION);
        o.addProperty("codebookSize", codebookSize);
        JsonArray a = new JsonArray();
        for (int u : used) {
            a.add(u);
        }
        o.add("used", a);
        AtomicFiles.write(file, new Gson().toJson(o).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a table.
     *
     * @param codebookSize raw K, used for a bare array and checked against an object's own value
     * @throws VqVaeException when the file is unreadable, malformed or inconsistent
     */
    public static CodebookRemap read(Path file, int codebookSize) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VqVaeException("cannot read codebook remap " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonElement root = JsonParser.parseString(text);
            JsonArray usedJson;
            if (root.isJsonArray()) {
                usedJson = root.getAsJsonArray();
            } else if (root.isJsonObject()) {
                JsonObject o = root.getAsJsonObject();
                int version = o.has("formatVersion") ? o.get("formatVersion").getAsInt() : -1;
                if (version != FORMAT_VERSION) {
                    throw new VqVaeException("codebook remap " + file + " has formatVersion "
                            + (version < 0 ? "missing" : version) + "; accepted: " + FORMAT_VERSION);
                }
                int k = o.get("codebookSize").getAsInt();
                if (k != codebookSize) {
                    throw new VqVaeException("codebook remap " + file + " is for K = " + k + " codes but the tokenizer has "
                            + codebookSize);
                }
                usedJson = o.getAsJsonArray("used");
            } else {
                throw new VqVaeException("codebook remap " + file + " is neither a JSON array nor an object");
            }
            int[] used = new int[usedJson.size()];
            for (int i = 0; i < used.length; i++) {
                used[i] = usedJson.get(i).getAsInt();
            }
            return new CodebookRemap(codebookSize, used);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException
                 | NumberFormatException e) {
            throw new VqVaeException("codebook remap " + file + " is malformed (" + e.getMessage()
                    + "); accepted: {\"formatVersion\":1,\"codebookSize\":K,\"used\":[ids]} or [ids]", e);
        }
    }
}
