package org.speaktheart.teacher.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.teacher.ZeroShotRetrieval.RetrievalResult;

/** The JSON and console forms of the commands' results. */
final class Reports {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().serializeSpecialFloatingPointValues()
            .create();

    private Reports() {
    }

    /** Retrieval figures as JSON: counts, then per direction R@1, R@5, their chance values and R@1 over chance. */
    static JsonObject retrieval(RetrievalResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("images", r.images());
        o.addProperty("concepts", r.concepts());
        o.addProperty("conceptQueries", r.conceptQueries());
        o.add("imageToConcept", direction(r.imageToConceptR1(), r.imageToConceptR5(), r.chanceImageToConceptR1(),
                r.chanceImageToConceptR5()));
        o.add("conceptToImage", direction(r.conceptToImageR1(), r.conceptToImageR5(), r.chanceConceptToImageR1(),
                r.chanceConceptToImageR5()));
        return o;
    }

    private static JsonObject direction(double r1, double r5, double chance1, double chance5) {
        JsonObject o = new JsonObject();
        o.addProperty("r1", r1);
        o.addProperty("r5", r5);
        o.addProperty("chanceR1", chance1);
        o.addProperty("chanceR5", chance5);
        o.addProperty("r1OverChance", r1 / chance1);
        return o;
    }

    static JsonArray splits(Set<Split> splits) {
        JsonArray a = new JsonArray();
        splits.stream().map(Split::key).forEach(a::add);
        return a;
    }

    /** Writes pretty JSON atomically (UTF-8, trailing newline). */
    static void write(Path file, JsonObject json) {
        AtomicFiles.write(file, (GSON.toJson(json) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The figures as a small table. */
    static void print(PrintWriter out, RetrievalResult r) {
        out.printf(Locale.ROOT, "%-16s %7s %7s %10s %10s %10s%n", "", "R@1", "R@5", "chance R@1", "chance R@5", "R@1/chance");
        out.printf(Locale.ROOT, "%-16s %7.4f %7.4f %10.4f %10.4f %10.1f%n", "image->concept", r.imageToConceptR1(),
                r.imageToConceptR5(), r.chanceImageToConceptR1(), r.chanceImageToConceptR5(), r.imageToConceptR1OverChance());
        out.printf(Locale.ROOT, "%-16s %7.4f %7.4f %10.4f %10.4f %10.1f%n", "concept->image", r.conceptToImageR1(),
                r.conceptToImageR5(), r.chanceConceptToImageR1(), r.chanceConceptToImageR5(), r.conceptToImageR1OverChance());
        out.flush();
    }
}
