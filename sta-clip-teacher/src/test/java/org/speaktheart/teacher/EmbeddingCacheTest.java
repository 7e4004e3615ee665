package org.speaktheart.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {

    private static float[] vector(String key, int dim) {
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
            v[d] = key.hashCode() * 1e-9f + d * 0.25f - 1.5f;
        }
        return v;
    }

    @Test
    void roundTripIsBitExactAndKeepsOrder(@TempDir Path dir) {
        EmbeddingCache cache = new EmbeddingCache(dir);
        Map<String, float[]> entries = new LinkedHashMap<>();
        entries.put("a red circle", new float[] {Float.MIN_VALUE, -0f, 1e30f});
        entries.put("عصفور", new float[] {0.1f, 0.2f, 0.3f});
        entries.put("emoji-1f426-google", new float[] {Float.MAX_VALUE, -1f, 7f});
        cache.write("teacher@1", EmbeddingCache.TEXT, 3, entries);
        Map<String, float[]> back = cache.read("teacher@1", EmbeddingCache.TEXT);
        assertEquals(new ArrayList<>(entries.keySet()), new ArrayList<>(back.keySet()));
        for (String k : entries.keySet()) {
            assertArrayEquals(entries.get(k), back.get(k), k);
        }
        assertTrue(cache.read("teacher@2", EmbeddingCache.TEXT).isEmpty(), "another teacher has its own entries");
        assertTrue(cache.read("teacher@1", EmbeddingCache.IMAGE).isEmpty(), "another kind has its own entries");
        assertNotEquals(cache.file("teacher@1", "text"), cache.file("teacher@2", "text"));
    }

    @Test
    void onlyMissingItemsAreComputed(@TempDir Path dir) {
        EmbeddingCache cache = new EmbeddingCache(dir);
        List<List<Integer>> calls = new ArrayList<>();
        EmbeddingCache.Compute compute = missing -> {
            calls.add(List.copyOf(missing));
            return missing.stream().map(i -> vector("k" + i, 4)).toArray(float[][]::new);
        };
        float[][] first = cache.getOrCompute("t@1", "image", List.of("x", "y"), 4, missing -> {
            calls.add(List.copyOf(missing));
            return new float[][] {vector("x", 4), vector("y", 4)};
        });
        float[][] second = cache.getOrCompute("t@1", "image", List.of("y", "z", "x", "z"), 4, compute);
        assertEquals(List.of(List.of(0, 1), List.of(1)), calls, "z computed once, x and y read back");
        assertArrayEquals(first[1], second[0]);
        assertArrayEquals(vector("k1", 4), second[1]);
        assertArrayEquals(second[1], second[3]);
        assertArrayEquals(first[0], second[2]);
        assertEquals(3, cache.read("t@1", "image").size());
        assertThrows(TeacherLoadException.class, () -> cache.getOrCompute("t@1", "image", List.of("w"), 5, compute),
                "dimension mismatch");
    }

    @Test
    void unknownVersionAndDamageAreReported(@TempDir Path dir) throws IOException {
        EmbeddingCache cache = new EmbeddingCache(dir);
        cache.write("t@1", "text", 2, Map.of("a", new float[] {1, 2}));
        Path f = cache.file("t@1", "text");
        byte[] bytes = Files.readAllBytes(f);
        byte[] flipped = bytes.clone();
        flipped[flipped.length - 9] ^= 1; // last float byte
        Files.write(f, flipped);
        TeacherLoadException e = assertThrows(TeacherLoadException.class, () -> cache.read("t@1", "text"));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        byte[] v2 = bytes.clone();
        ByteBuffer.wrap(v2).putInt(6, 2); // version field after the 6-byte magic
        Files.write(f, v2);
        UnsupportedCacheVersionException u = assertThrows(UnsupportedCacheVersionException.class, () -> cache.read("t@1", "text"));
        assertEquals(2, u.foundVersion());
        Files.write(f, java.util.Arrays.copyOf(bytes, 20));
        assertThrows(TeacherLoadException.class, () -> cache.read("t@1", "text"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left behind");
        }
    }
}
