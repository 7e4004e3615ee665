package org.speaktheart.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.models.DefaultModels;
import org.speaktheart.pipeline.BundleRetuner;
import org.speaktheart.pipeline.BundleSettings;
import org.speaktheart.pipeline.GenerationOptions;
import org.speaktheart.pipeline.GenerationResult;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.BundleException;
import org.speaktheart.pipeline.bundle.BundleManifest;
import org.speaktheart.pipeline.bundle.BundleWriter;
import org.speaktheart.pipeline.bundle.DefaultBundle;
import org.speaktheart.pipeline.bundle.ModelBundle;

/**
 * {@code sta bundle retune}: a copy with other defaults that generates what its source generates with those settings;
 * {@code sta bundle show}: what a bundle holds and its defaults.
 */
class BundleCommandTest {
    @TempDir
    Path dir;

    @Test
    void retunedDefaultKeepsModelsAndProvenanceAndGeneratesAsTheSourceWithExplicitSettings() throws IOException {
        Path out = dir.resolve("retuned");
        assertEquals(0, StaCommand.execute("bundle", "retune", "-o", out.toString(), "--version", "9.9.9", "--steps", "10",
                "--guidance", "3", "--candidates", "2"));
        AudioClip clip;
        try (InputStream in = DefaultModels.samples().get(0).open()) {
            clip = AudioDecoder.standard().decode(in);
        }
        try (ModelBundle source = DefaultBundle.open(); ModelBundle retuned = ModelBundle.open(out)) {
            BundleManifest s = source.manifest();
            BundleManifest r = retuned.manifest();
            assertEquals(s.name(), r.name());
            assertEquals("9.9.9", r.version());
            assertEquals(s.languages(), r.languages());
            assertEquals(s.components(), r.components(), "same files, same hashes");
            assertEquals(s.settings().get(BundleSettings.SCHEDULE), r.settings().get(BundleSettings.SCHEDULE));
            assertEquals(s.figures(), r.figures());
            for (Map.Entry<String, String> p : s.provenance().entrySet()) {
                assertEquals(p.getValue(), r.provenance().get(p.getKey()), p.getKey());
            }
            assertEquals(s.name() + "@" + s.version(), r.provenance().get(BundleRetuner.FROM));
            assertTrue(r.provenance().get(BundleRetuner.COMMAND).startsWith("sta bundle retune "),
                    r.provenance().get(BundleRetuner.COMMAND));
            SamplerConfig base = BundleSettings.sampler(source);
            SamplerConfig tuned = BundleSettings.sampler(retuned);
            assertEquals(10, tuned.steps());
            assertEquals(3.0, tuned.guidanceScale());
            assertEquals(base.truncationRate(), tuned.truncationRate(), "options not given stay the source's");
            assertEquals(base.strategy(), tuned.strategy());
            assertEquals(2, BundleSettings.candidates(retuned));

            GenerationResult explicit;
            try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(DefaultBundle.open()).build()) {
                explicit = p.generate(clip, GenerationOptions.builder().seed(5).language("en").sampler(tuned).candidates(2).build());
            }
            GenerationResult byDefault;
            try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(ModelBundle.open(out)).build()) {
                assertEquals(2, p.defaultCandidates());
                byDefault = p.generate(clip, GenerationOptions.builder().seed(5).language("en").build());
            }
            assertEquals(2, byDefault.candidates());
            assertEquals(10, byDefault.sampler().steps());
            assertEquals(explicit.tokens(), byDefault.tokens());
            assertEquals(explicit.scores(), byDefault.scores());
            assertSamePixels(explicit.image(), byDefault.image());
        }
    }

    @Test
    void showVerifiesAndPrintsTheDefaultsOfTheEmbeddedAndOfARetunedBundle() {
        Path out = dir.resolve("retuned");
        assertEquals(0, StaCommand.execute("bundle", "retune", "-o", out.toString(), "--version", "9.9.9", "--steps", "25",
                "--candidates", "8"));
        String embedded = run("bundle", "show");
        assertTrue(embedded.contains("sta-emoji-en-ar "), embedded);
        assertTrue(embedded.contains("(6 component hashes verified)"), embedded);
        assertTrue(embedded.contains("languages   en, ar"), embedded);
        String retuned = run("bundle", "show", "--bundle", out.toString());
        assertTrue(retuned.contains("sta-emoji-en-ar 9.9.9 from " + out), retuned);
        assertTrue(retuned.contains("sampler     25 steps, guidance 5.0, truncation 0.7, ANCESTRAL"), retuned);
        assertTrue(retuned.contains("candidates  8 per image (best by the teacherImageTower)"), retuned);
        assertTrue(retuned.contains("schedule    vq-diffusion-default, T = 50, codebook 512"), retuned);
        assertTrue(retuned.contains("  " + BundleRetuner.FROM + " = sta-emoji-en-ar@"), retuned);
        assertEquals(1, StaCommand.execute("bundle", "show", "--bundle", dir.resolve("absent").toString()));
    }

    /** Runs a command that must succeed and returns what it printed. */
    static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, StaCommand.execute(args));
        } finally {
            System.setOut(saved);
        }
        return o.toString(StandardCharsets.UTF_8);
    }

    @Test
    void refusesSettingsItCannotServeAndWritesNothing() throws IOException {
        Path out = dir.resolve("refused");
        assertEquals(1, StaCommand.execute("bundle", "retune", "-o", out.toString(), "--version", "9.9.9", "--steps", "51"));
        assertEquals(1, StaCommand.execute("bundle", "retune", "-o", out.toString(), "--version", "9.9.9", "--candidates", "17"));
        assertEquals(1, StaCommand.execute("bundle", "retune", "-o", out.toString(), "--version", "9.9.9", "--guidance", "-1"));
        assertEquals(2, StaCommand.execute("bundle", "retune", "-o", out.toString()), "--version is required");
        assertFalse(Files.exists(out));
        try (ModelBundle source = DefaultBundle.open()) {
            SamplerConfig base = BundleSettings.sampler(source);
            String sameVersion = source.manifest().version();
            BundleException e = assertThrows(BundleException.class,
                    () -> BundleRetuner.retune(source, out, sameVersion, base, 1, "test"));
            assertTrue(e.getMessage().contains("must differ"), e.getMessage());
            e = assertThrows(BundleException.class, () -> BundleRetuner.retune(source, out, "9.9.8", base, 0, "test"));
            assertTrue(e.getMessage().contains("candidates must be in 1..16, got 0"), e.getMessage());
            assertFalse(Files.exists(out));

            // a bundle without the teacher's image tower can keep one candidate, not rank several
            Path noTower = dir.resolve("no-tower");
            BundleWriter w = new BundleWriter(source.manifest().name(), "0.0.1");
            source.manifest().languages().forEach(w::language);
            source.manifest().components().keySet().stream().filter(role -> !role.equals(ModelBundle.TEACHER_IMAGE_TOWER))
                    .forEach(role -> w.component(role, source.component(role)));
            source.manifest().settings().forEach(w::settings);
            w.write(noTower);
            try (ModelBundle towerless = ModelBundle.open(noTower)) {
                e = assertThrows(BundleException.class, () -> BundleRetuner.retune(towerless, out, "0.0.2", base, 2, "test"));
                assertTrue(e.getMessage().contains(ModelBundle.TEACHER_IMAGE_TOWER), e.getMessage());
                assertFalse(Files.exists(out));
                e = assertThrows(BundleException.class, () -> BundleRetuner.retune(towerless, noTower, "0.0.2", base, 1, "test"));
                assertTrue(e.getMessage().contains("own directory"), e.getMessage());
                try (ModelBundle again = ModelBundle.open(noTower)) {
                    assertEquals("0.0.1", again.manifest().version(), "the source is untouched");
                }
                BundleRetuner.retune(towerless, out, "0.0.2", base, 1, "test");
                try (ModelBundle written = ModelBundle.open(out)) {
                    assertFalse(written.settings(BundleSettings.SELECTION).isPresent(), "one candidate: no selection");
                }
            }
        }
    }

    /** A freshly drawn (untrained) speech encoder exported for the given languages and embedding width. */
    private Path encoder(String name, int outputDim, java.util.List<String> languages) {
        org.speaktheart.encoder.network.SpeechEncoderConfig c = org.speaktheart.encoder.network.SpeechEncoderConfig.builder()
                .logMel(org.speaktheart.audio.features.LogMelConfig.builder().nMels(24).build()).maxInputFrames(3000)
                .subsamplingLayers(2).width(16).heads(2).layers(1).mlpHidden(32).outputDim(outputDim).dropout(0f).build();
        Path file = dir.resolve(name);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(3);
            org.speaktheart.encoder.network.SpeechEncoderExport.write(
                    new org.speaktheart.encoder.network.SpeechEncoderNetwork(c).initializeParameters(m), languages, Map.of(), file);
        }
        return file;
    }

    @Test
    void retuneSwapsTheSpeechEncoderAndRefusesOneThatDoesNotFit() throws IOException {
        int width;
        try (ModelBundle source = DefaultBundle.open();
             org.speaktheart.encoder.inference.SpeechEncoder enc = org.speaktheart.encoder.inference.SpeechEncoder.load(
                     source.component(ModelBundle.SPEECH_ENCODER), org.speaktheart.core.runtime.RuntimeConfig.defaults())) {
            width = enc.config().outputDim();
        }
        Path other = encoder("other.onnx", width, java.util.List.of("en", "ar"));
        Path out = dir.resolve("swapped");
        String printed = run("bundle", "retune", "-o", out.toString(), "--version", "9.9.7", "--speech-encoder", other.toString());
        assertTrue(printed.contains("no language identifier") && printed.contains("figures were not carried over"), printed);
        AudioClip clip;
        try (InputStream in = DefaultModels.samples().get(0).open()) {
            clip = AudioDecoder.standard().decode(in);
        }
        try (ModelBundle source = DefaultBundle.open(); ModelBundle swapped = ModelBundle.open(out)) {
            BundleManifest s = source.manifest();
            BundleManifest r = swapped.manifest();
            assertEquals(org.speaktheart.teacher.Embeddings.sha256(other), r.components().get(ModelBundle.SPEECH_ENCODER).sha256());
            assertFalse(r.components().containsKey(ModelBundle.LANGUAGE_IDENTIFIER), "bound to the old encoder: dropped");
            for (String role : s.components().keySet()) {
                if (!role.equals(ModelBundle.SPEECH_ENCODER) && !role.equals(ModelBundle.LANGUAGE_IDENTIFIER)) {
                    assertEquals(s.components().get(role).sha256(), r.components().get(role).sha256(), role);
                }
            }
            assertTrue(r.figures().isEmpty() && !s.figures().isEmpty(), "figures of the old encoder are not carried");
            assertEquals(other.toAbsolutePath().normalize().toString(), r.provenance().get(BundleRetuner.ENCODER_FROM));
            float[] expected;
            try (var enc = org.speaktheart.encoder.inference.SpeechEncoder.load(other, org.speaktheart.core.runtime.RuntimeConfig.defaults())) {
                expected = enc.embed(clip, "en").vector();
            }
            try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(ModelBundle.open(out)).build()) {
                GenerationResult g = p.generate(clip, GenerationOptions.builder().seed(1).language("en")
                        .sampler(SamplerConfig.builder().steps(2).build()).build());
                assertTrue(java.util.Arrays.equals(expected, g.embedding().vector()), "the pipeline embeds with the new encoder");
            }

            // the source's identifier is bound to the source's encoder: refused beside another, kept beside its own
            Path identifier = source.component(ModelBundle.LANGUAGE_IDENTIFIER);
            BundleException e = assertThrows(BundleException.class, () -> BundleRetuner.retune(source, dir.resolve("x"), "9.9.6",
                    new BundleRetuner.Changes(BundleSettings.sampler(source), 1).withSpeechEncoder(other, identifier), "test"));
            assertTrue(e.getMessage().contains("not on the bundle's speech encoder"), e.getMessage());
            Path narrow = encoder("narrow.onnx", 12, java.util.List.of("en", "ar"));
            e = assertThrows(BundleException.class, () -> BundleRetuner.retune(source, dir.resolve("x"), "9.9.6",
                    new BundleRetuner.Changes(BundleSettings.sampler(source), 1).withSpeechEncoder(narrow, null), "test"));
            assertTrue(e.getMessage().contains("embeds 12-d vectors but the denoiser is conditioned on " + width), e.getMessage());
            Path english = encoder("english.onnx", width, java.util.List.of("en"));
            e = assertThrows(BundleException.class, () -> BundleRetuner.retune(source, dir.resolve("x"), "9.9.6",
                    new BundleRetuner.Changes(BundleSettings.sampler(source), 1).withSpeechEncoder(english, null), "test"));
            assertTrue(e.getMessage().contains("missing [ar]"), e.getMessage());
            Path notAnEncoder = dir.resolve("text.onnx");
            Files.writeString(notAnEncoder, "not a model");
            e = assertThrows(BundleException.class, () -> BundleRetuner.retune(source, dir.resolve("x"), "9.9.6",
                    new BundleRetuner.Changes(BundleSettings.sampler(source), 1).withSpeechEncoder(notAnEncoder, null), "test"));
            assertTrue(e.getMessage().contains("cannot use " + notAnEncoder + " as a speech encoder"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("x")), "nothing written when refused");
            BundleRetuner.retune(source, dir.resolve("kept"), "9.9.5",
                    new BundleRetuner.Changes(BundleSettings.sampler(source), 1).withSpeechEncoder(null, identifier), "test");
            try (ModelBundle kept = ModelBundle.open(dir.resolve("kept"))) {
                assertEquals(s.components().get(ModelBundle.LANGUAGE_IDENTIFIER).sha256(),
                        kept.manifest().components().get(ModelBundle.LANGUAGE_IDENTIFIER).sha256());
                assertEquals(s.figures(), kept.manifest().figures(), "same encoder: figures carried");
            }
        }
    }

    private static void assertSamePixels(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                assertEquals(a.getRGB(x, y), b.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }
}
