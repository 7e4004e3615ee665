package org.speaktheart.data;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;

/**
 * Writes the count tables of a dataset card (markdown): records, images and concepts per split,
 * and records per split by language, voice and any chosen attribute (e.g. art style).
 */
public final class DatasetCard {
    private DatasetCard() { }

    /**
     * @param records the manifest records
     * @param extraColumns attribute names to tabulate besides language and voice (e.g. {@code style})
     * @return markdown tables
     */
    public static String countTables(List<ManifestRecord> records, List<String> extraColumns) {
        StringBuilder sb = new StringBuilder();
        sb.append("| split | records | images | concepts |\n| --- | ---: | ---: | ---: |\n");
        for (Split s : Split.values()) {
            List<ManifestRecord> r = records.stream().filter(x -> x.split() == s).toList();
            sb.append("| ").append(s.key()).append(" | ").append(r.size()).append(" | ")
                    .append(r.stream().map(ManifestRecord::imagePath).distinct().count()).append(" | ")
                    .append(r.stream().map(ManifestRecord::conceptId).distinct().count()).append(" |\n");
        }
        sb.append('\n');
        table(sb, records, "language", ManifestRecord::language);
        table(sb, records, "voice", r -> r.voice() == null ? "(none)" : r.voice());
        for (String c : extraColumns) {
            table(sb, records, c, r -> r.attributes().getOrDefault(c, "(none)"));
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<ManifestRecord> records, String name, Function<ManifestRecord, String> key) {
        Map<String, long[]> counts = new TreeMap<>();
        for (ManifestRecord r : records) {
            counts.computeIfAbsent(key.apply(r), k -> new long[Split.values().length])[r.split().ordinal()]++;
        }
        sb.append("| ").append(name).append(" | train | val | test |\n| --- | ---: | ---: | ---: |\n");
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long[] c = e.getValue();
            sb.append("| ").append(e.getKey()).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n");
        }
        sb.append('\n');
    }
}
