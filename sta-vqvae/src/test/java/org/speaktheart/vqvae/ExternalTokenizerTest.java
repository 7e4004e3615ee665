package org.speaktheart.vqvae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.runtime.RuntimeConfig;

/**
 * A tokenizer in the external layout: graphs that follow the contract, a spec given by hand (as for
 * a VQGAN exported elsewhere, whose metadata the tokenizer does not rely on) and a used-codes remap
 * table read from JSON.
 */
class ExternalTokenizerTest {
    private static final RuntimeConfig CPU1 = RuntimeConfig.builder().intraOpThreads(1).build();

    @TempDir
    Path dir;

    @Test
    void remapTableMapsUsedCodesToADenseRangeAndBack() throws Exception {
        VqVaeConfig c = Fixtures.tinyConfig().toBuilder().codebookSize(64).build();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            VqVaeExporter.export(Fixtures.model(c, m, 51), dir, Map.of());
        }
        Path enc = dir.resolve(VqVaeExporter.ENCODER_FILE);
        Path dec = dir.resolve(VqVaeExporter.DECODER_FILE);
        List<BufferedImage> images = Fixtures.images(6, c.imageSize(), 9);
        TokenizerSpec spec = new TokenizerSpec(PixelRange.MINUS_ONE_ONE, 64, 16, 8);

        List<TokenGrid> raw;
        List<BufferedImage> rawDecoded;
        try (ImageTokenizer plain = ImageTokenizer.open(enc, dec, spec, null, CPU1)) {
            raw = plain.encodeAll(images);
            rawDecoded = plain.decodeAll(raw);
        }
        TreeSet<Integer> usedSet = new TreeSet<>();
        raw.forEach(g -> { for (int id : g.ids()) { usedSet.add(id); } });
        assertTrue(usedSet.size() >= 4 && usedSet.size() < 64, "used " + usedSet.size() + " of 64 codes");
        List<Integer> order = new ArrayList<>(usedSet);
        Collections.shuffle(order, new Random(3));
        int[] used = order.stream().mapToInt(Integer::intValue).toArray();

        Path table = dir.resolve("remap.json");
        new CodebookRemap(64, used).write(table);
        Path bare = dir.resolve("remap-array.json");
        Files.writeString(bare, order.toString(), StandardCharsets.UTF_8);

        for (Path file : List.of(table, bare)) {
            CodebookRemap remap = CodebookRemap.read(file, 64);
            try (ImageTokenizer tok = ImageTokenizer.open(enc, dec, spec, remap, CPU1)) {
                assertEquals(used.length, tok.codebookSize());
                List<TokenGrid> dense = tok.encodeAll(images);
                for (int b = 0; b < images.size(); b++) {
                    assertEquals(used.length, dense.get(b).codebookSize());
                    int[] r = raw.get(b).ids();
                    int[] d = dense.get(b).ids();
                    for (int i = 0; i < r.length; i++) {
                        assertEquals(r[i], used[d[i]], "dense id " + d[i] + " must name raw code " + r[i]);
                    }
                    BufferedImage back = tok.decode(dense.get(b));
                    assertEquals(Double.POSITIVE_INFINITY, ImageMetrics.psnr(rawDecoded.get(b), back),
                            "decoding dense ids must equal decoding the raw ids");
                }
            }
        }

        // A table that misses a code the encoder produces is reported, naming the code.
        int[] missing = java.util.Arrays.copyOf(used, used.length - 1);
        try (ImageTokenizer tok = ImageTokenizer.open(enc, dec, spec, new CodebookRemap(64, missing), CPU1)) {
            VqVaeException e = assertThrows(VqVaeException.class, () -> tok.encodeAll(images));
            assertTrue(e.getMessage().contains("raw code " + used[used.length - 1]), e.getMessage());
        }
    }

    @Test
    void badTablesAndSpecsAreRejected() throws Exception {
        VqVaeException e = assertThrows(VqVaeException.class, () -> new CodebookRemap(8, new int[] {1, 3, 1}));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        e = assertThrows(VqVaeException.class, () -> new CodebookRemap(8, new int[] {8}));
        assertTrue(e.getMessage().contains("0..7"), e.getMessage());
        Path f = dir.resolve("r.json");
        new CodebookRemap(8, new int[] {5, 2}).write(f);
        e = assertThrows(VqVaeException.class, () -> CodebookRemap.read(f, 16));
        assertTrue(e.getMessage().contains("K = 8"), e.getMessage());
        Files.writeString(f, "{\"formatVersion\": 2, \"codebookSize\": 8, \"used\": [1]}");
        e = assertThrows(VqVaeException.class, () -> CodebookRemap.read(f, 8));
        assertTrue(e.getMessage().contains("formatVersion"), e.getMessage());
        Files.writeString(f, "[1, \"x\"]");
        assertThrows(VqVaeException.class, () -> CodebookRemap.read(f, 8));
        e = assertThrows(VqVaeException.class, () -> TokenizerSpec.fromMetadata(Map.of(), "ext.onnx"));
        assertTrue(e.getMessage().contains("pass a TokenizerSpec"), e.getMessage());
        assertThrows(VqVaeException.class, () -> new TokenizerSpec(PixelRange.ZERO_ONE, 16, 16, 5));
    }
}
