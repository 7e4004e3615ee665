package org.speaktheart.pipeline.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundle integrity: round trip, tampering, missing files, versions, unsafe paths, classpath bundles. */
class ModelBundleTest {

    @TempDir
    Path dir;

    private Path writeBundle() throws IOException {
        Path a = Files.write(dir.resolve("denoiser.onnx"), new byte[] {1, 2, 3, 4});
        Path b = Files.write(dir.resolve("decoder.onnx"), "decoder bytes".getBytes(StandardCharsets.UTF_8));
        JsonObject sampler = new JsonObject();
        sampler.addProperty("steps", 20);
        new BundleWriter("test-bundle", "1.0").language("en").language("ar")
                .component(ModelBundle.DENOISER, a).component(ModelBundle.TOKEN_DECODER, b)
                .settings("sampler", sampler).provenance("command", "unit test").figure("r1", 0.5)
                .write(dir.resolve("bundle"));
        return dir.resolve("bundle");
    }

    @Test
    void manifestMapsAreInKeyOrderSoEqualBundlesAreEqualBytes() {
        Map<String, Double> figures = new HashMap<>();
        Map<String, String> provenance = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            figures.put("figure." + Integer.toString(i * 7919 % 1000, 36), (double) i);
            provenance.put("stage" + (39 - i) + ".status", "trained");
        }
        BundleManifest m = new BundleManifest(ModelBundle.FORMAT, 1, "n", "1", List.of("en"), null, null, provenance, figures);
        assertEquals(new TreeMap<>(figures).keySet().stream().toList(), m.figures().keySet().stream().toList());
        assertEquals(new TreeMap<>(provenance).keySet().stream().toList(), m.provenance().keySet().stream().toList());
        String json = ModelBundle.GSON.toJson(m);
        assertEquals(json, ModelBundle.GSON.toJson(new BundleManifest(ModelBundle.FORMAT, 1, "n", "1", List.of("en"), null,
                null, new LinkedHashMap<>(provenance), new LinkedHashMap<>(figures))));
        assertThrows(UnsupportedOperationException.class, () -> m.figures().put("x", 1.0));
    }

    @Test
    void roundTrip() throws IOException {
        Path root = writeBundle();
        try (ModelBundle bundle = ModelBundle.open(root)) {
            BundleManifest m = bundle.manifest();
            assertEquals("test-bundle", m.name());
            assertEquals(List.of("en", "ar"), m.languages());
            assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(bundle.component(ModelBundle.DENOISER)));
            assertEquals(20, bundle.settings("sampler").orElseThrow().get("steps").getAsInt());
            assertEquals(0.5, m.figures().get("r1"));
            assertTrue(bundle.has(ModelBundle.TOKEN_DECODER));
            assertFalse(bundle.has(ModelBundle.SPEECH_ENCODER));
            BundleException none = assertThrows(BundleException.class, () -> bundle.component(ModelBundle.SPEECH_ENCODER));
            assertTrue(none.getMessage().contains("no 'speechEncoder' component"), none.getMessage());
        }
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no staging directory is left behind");
        }
    }

    @Test
    void rewritingReplacesTheBundle() throws IOException {
        writeBundle();
        Path root = writeBundle();
        try (ModelBundle bundle = ModelBundle.open(root)) {
            assertEquals(2, bundle.manifest().components().size());
        }
    }

    @Test
    void tamperedComponentIsRefused() throws IOException {
        Path root = writeBundle();
        Files.write(root.resolve("denoiser.onnx"), new byte[] {1, 2, 3, 5});
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(root));
        assertTrue(e.getMessage().contains("'denoiser'") && e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void truncatedComponentIsRefused() throws IOException {
        Path root = writeBundle();
        Files.write(root.resolve("decoder.onnx"), "decoder".getBytes(StandardCharsets.UTF_8));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(root));
        assertTrue(e.getMessage().contains("7 bytes but the manifest says 13"), e.getMessage());
    }

    @Test
    void missingComponentIsRefused() throws IOException {
        Path root = writeBundle();
        Files.delete(root.resolve("decoder.onnx"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(root));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("decoder.onnx"), e.getMessage());
    }

    @Test
    void missingManifestIsRefused() {
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(dir.resolve("nothing")));
        assertTrue(e.getMessage().contains("bundle.json"), e.getMessage());
    }

    @Test
    void unknownVersionAndForeignFilesAreRefused() throws IOException {
        Path root = writeBundle();
        Path manifest = root.resolve(ModelBundle.MANIFEST_FILE);
        String json = Files.readString(manifest);
        Files.writeString(manifest, json.replace("\"formatVersion\": 1", "\"formatVersion\": 7"));
        BundleException version = assertThrows(BundleException.class, () -> ModelBundle.open(root));
        assertTrue(version.getMessage().contains("format version 7"), version.getMessage());
        Files.writeString(manifest, "{\"format\": \"something-else\"}");
        BundleException foreign = assertThrows(BundleException.class, () -> ModelBundle.open(root));
        assertTrue(foreign.getMessage().contains("not an STA bundle"), foreign.getMessage());
        Files.writeString(manifest, "{not json");
        assertThrows(BundleException.class, () -> ModelBundle.open(root));
    }

    @Test
    void pathsLeavingTheBundleAreRefused() throws IOException {
        Path root = writeBundle();
        Path manifest = root.resolve(ModelBundle.MANIFEST_FILE);
        Files.writeString(manifest, Files.readString(manifest).replace("\"file\": \"decoder.onnx\"",
                "\"file\": \"../decoder.onnx\""));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(root));
        assertTrue(e.getMessage().contains("stay inside the bundle"), e.getMessage());
    }

    @Test
    void classpathBundleIsVerifiedAndUnpacked() throws IOException {
        Path copy;
        try (ModelBundle bundle = ModelBundle.openResource(ModelBundleTest.class, "/bundles/tiny")) {
            copy = bundle.component("notes");
            assertEquals("hello bundle\n", Files.readString(copy));
            assertTrue(bundle.source().startsWith("classpath:"));
        }
        assertFalse(Files.exists(copy), "the unpacked copy is removed on close");
        BundleException e = assertThrows(BundleException.class,
                () -> ModelBundle.openResource(ModelBundleTest.class, "/bundles/absent"));
        assertTrue(e.getMessage().contains("not found on the classpath"), e.getMessage());
    }
}
