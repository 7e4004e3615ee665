package org.speaktheart.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.audio.io.WavEncoding;
import org.speaktheart.audio.io.WavWriter;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.pipeline.bundle.BundleException;
import org.speaktheart.pipeline.bundle.BundleWriter;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.pipeline.cli.StaCommand;
import org.speaktheart.pipeline.recipe.ShapesDemo;
import org.speaktheart.pipeline.recipe.ShapesDemoConfig;

/**
 * The end-to-end test: the whole recipe trains a tiny bundle from a spoken shapes corpus, and the
 * pipeline built from it turns held-out speech into images whose attributes the shapes scorer
 * confirms above chance. The same bundle then serves the concurrency, bad-input, integrity and
 * command-line tests.
 */
class ShapesDemoPipelineTest {
    private static Path work;
    private static ShapesDemo.Result demo;
    private static SpeechToImagePipeline pipeline;
    private static AudioClip testClip;
    private static Path testWav;

    @BeforeAll
    static void trainTheRecipe() throws Exception {
        work = Files.createTempDirectory("sta-shapes-demo-test");
        demo = ShapesDemo.run(ShapesDemoConfig.defaults(work), line -> System.out.println("[demo] " + line));
        pipeline = SpeechToImagePipeline.builder(ModelBundle.open(demo.bundle())).build();
        try (var audio = Files.list(work.resolve("corpus").resolve("audio"))) {
            testWav = audio.sorted().filter(p -> p.getFileName().toString().startsWith("red-circle")).findFirst().orElseThrow();
        }
        testClip = AudioDecoder.standard().decode(testWav);
    }

    @AfterAll
    static void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void heldOutSpeechGivesTheSpokenAttributesAboveChance() {
        System.out.printf("held-out voice: shape %.3f, colour %.3f over %d clips (chance 0.25); tokenizer ceiling %.3f / %.3f%n",
                demo.shapeAccuracy(), demo.colourAccuracy(), demo.testClips(), demo.tokenizerShapeAccuracy(),
                demo.tokenizerColourAccuracy());
        assertEquals(16, demo.testClips());
        assertTrue(demo.tokenizerShapeAccuracy() >= 0.9 && demo.tokenizerColourAccuracy() >= 0.9,
                "the tokenizer must keep the attributes");
        assertTrue(demo.shapeAccuracy() + demo.colourAccuracy() >= 1.0,
                "shape + colour accuracy " + (demo.shapeAccuracy() + demo.colourAccuracy()) + " (chance 0.5)");
        assertTrue(Files.isRegularFile(demo.grid()));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void concurrentCallsAgreeWithASingleCall() throws Exception {
        GenerationOptions options = GenerationOptions.builder().seed(42).build();
        int[] expected = pixels(pipeline.generate(testClip, options).image());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                futures.add(pool.submit(() -> pixels(pipeline.generate(testClip, options).image())));
            }
            for (Future<int[]> f : futures) {
                assertArrayEquals(expected, f.get(300, TimeUnit.SECONDS), "same seed, same image");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resultsCarryWhatProducedThem() {
        GenerationResult r = pipeline.generate(testClip, GenerationOptions.builder().seed(7).samples(3).language("en").build());
        assertEquals(3, r.images().size());
        assertEquals(3, r.tokens().size());
        assertEquals(7, r.seed());
        assertEquals("en", r.language());
        assertEquals(pipeline.defaultSampler(), r.sampler());
        assertEquals(8, r.embedding().vector().length);
        assertTrue(r.timings().totalMillis() > 0 && r.timings().diffusionMillis() > 0);
        GenerationResult other = pipeline.generate(testClip, GenerationOptions.builder().seed(8).build());
        assertEquals(r.embedding().vector().length, other.embedding().vector().length);
    }

    @Test
    void badInputsGetClearErrors() {
        PipelineInputException silent = assertThrows(PipelineInputException.class,
                () -> pipeline.generate(AudioClip.of(new float[16000], 16000)));
        assertTrue(silent.getMessage().contains("silent"), silent.getMessage());
        PipelineInputException tooLong = assertThrows(PipelineInputException.class,
                () -> pipeline.generate(AudioClip.of(new float[16000 * 40], 16000)));
        assertTrue(tooLong.getMessage().contains("at most"), tooLong.getMessage());
        PipelineInputException language = assertThrows(PipelineInputException.class,
                () -> pipeline.generate(testClip, GenerationOptions.builder().language("fr").build()));
        assertTrue(language.getMessage().contains("'fr'") && language.getMessage().contains("[en]"), language.getMessage());
        PipelineInputException steps = assertThrows(PipelineInputException.class, () -> pipeline.generate(testClip,
                GenerationOptions.builder().sampler(SamplerConfig.builder().steps(500).build()).build()));
        assertTrue(steps.getMessage().contains("exceeds"), steps.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplerConfig.builder().steps(0).build());
        assertThrows(IllegalArgumentException.class, () -> SamplerConfig.builder().steps(5).guidanceScale(-1).build());
        assertThrows(PipelineInputException.class, () -> GenerationOptions.builder().samples(0).build());
        assertThrows(PipelineInputException.class, () -> GenerationOptions.builder().candidates(-1).build());
        // the shapes bundle has a stand-in teacher and no image tower: nothing can rank candidates
        assertFalse(pipeline.ranksCandidates());
        PipelineInputException unranked = assertThrows(PipelineInputException.class,
                () -> pipeline.generate(testClip, GenerationOptions.builder().candidates(2).build()));
        assertTrue(unranked.getMessage().contains("no 'teacherImageTower' or 'rankerImageTower' component"),
                unranked.getMessage());
        BundleException noTower = assertThrows(BundleException.class,
                () -> SpeechToImagePipeline.builder(ModelBundle.open(demo.bundle())).candidates(2).build());
        assertTrue(noTower.getMessage().contains("asks for 2 candidates"), noTower.getMessage());
    }

    @Test
    void invalidSelectionSettingsAreRefused(@TempDir Path dir) {
        Path copy = dir.resolve("bundle");
        try (ModelBundle bundle = ModelBundle.open(demo.bundle())) {
            BundleWriter w = new BundleWriter("selection", "0.0.1");
            bundle.manifest().components().keySet().forEach(role -> w.component(role, bundle.component(role)));
            bundle.manifest().settings().forEach(w::settings);
            bundle.manifest().languages().forEach(w::language);
            w.settings(BundleSettings.SELECTION, BundleSettings.selection(99));
            w.write(copy);
        }
        BundleException e = assertThrows(BundleException.class, () -> SpeechToImagePipeline.builder(ModelBundle.open(copy)).build());
        assertTrue(e.getMessage().contains("selection.candidates must be in 1..16, got 99"), e.getMessage());
    }

    @Test
    void corruptAudioFilesAreRefused(@TempDir Path dir) throws Exception {
        Path corrupt = dir.resolve("corrupt.wav");
        byte[] bytes = Files.readAllBytes(testWav);
        Files.write(corrupt, java.util.Arrays.copyOf(bytes, 30));
        PipelineInputException e = assertThrows(PipelineInputException.class, () -> pipeline.generate(corrupt));
        assertTrue(e.getMessage().contains("corrupt.wav"), e.getMessage());
    }

    @Test
    void aTamperedBundleIsRefused(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("bundle");
        Files.createDirectories(copy);
        try (var files = Files.list(demo.bundle())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        byte[] denoiser = Files.readAllBytes(copy.resolve("denoiser.onnx"));
        denoiser[denoiser.length / 2] ^= 1;
        Files.write(copy.resolve("denoiser.onnx"), denoiser);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.open(copy));
        assertTrue(e.getMessage().contains("'denoiser'"), e.getMessage());
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, StaCommand.execute(args), "exit code of sta " + String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void commandLineGeneratesPngs(@TempDir Path dir) throws Exception {
        String printed = run("generate", "--bundle", demo.bundle().toString(), "-o", dir.toString(), "--seed", "3",
                "--samples", "2", testWav.toString());
        String stem = testWav.getFileName().toString().replace(".wav", "");
        BufferedImage first = ImageIO.read(dir.resolve(stem + "-0.png").toFile());
        assertEquals(32, first.getWidth());
        assertTrue(Files.isRegularFile(dir.resolve(stem + "-1.png")));
        assertTrue(printed.contains("seed 3"), printed);
        assertTrue(run("--help").contains("demo-shapes"));
        assertTrue(run("generate", "--help").contains("--bundle"));
        assertTrue(run("encoder", "--help").contains("adapt"));

        // the purity strategy from the command line: its own image, and the same one again for the same seed
        Path purity = dir.resolve("purity");
        run("generate", "--bundle", demo.bundle().toString(), "-o", purity.toString(), "--seed", "3", "--strategy", "PURITY",
                "--purity-weight", "1", testWav.toString());
        Path again = dir.resolve("purity-again");
        run("generate", "--bundle", demo.bundle().toString(), "-o", again.toString(), "--seed", "3", "--strategy", "PURITY",
                "--purity-weight", "1", testWav.toString());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(purity.resolve(stem + ".png")),
                Files.readAllBytes(again.resolve(stem + ".png"))), "same seed, same purity image");
        assertTrue(run("generate", "--help").contains("--purity-weight"));
    }

    @Test
    void commandLineErrorsAreReportedWithAnExitCode(@TempDir Path dir) throws Exception {
        assertEquals(1, StaCommand.execute("generate", "--bundle", dir.resolve("none").toString(), testWav.toString()));
        assertEquals(2, StaCommand.execute("generate", "--bundle", demo.bundle().toString()), "missing AUDIO is a usage error");
        Path silent = dir.resolve("silent.wav");
        WavWriter.write(AudioClip.of(new float[8000], 16000), WavEncoding.PCM_16, silent);
        assertEquals(1, StaCommand.execute("generate", "--bundle", demo.bundle().toString(), "-o", dir.toString(),
                silent.toString()));
        assertTrue(Files.notExists(dir.resolve("silent.png")), "no image is written for refused audio");
        // a purity weight with the ancestral strategy is refused by the sampler settings, exit 1
        assertEquals(1, StaCommand.execute("generate", "--bundle", demo.bundle().toString(), "-o", dir.toString(),
                "--strategy", "ANCESTRAL", "--purity-weight", "2", testWav.toString()));
        assertEquals(2, StaCommand.execute("generate", "--bundle", demo.bundle().toString(), "--strategy", "greedy",
                testWav.toString()), "an unknown strategy is a usage error");
        assertEquals(1, StaCommand.execute("generate", "--bundle", demo.bundle().toString(), "-o", dir.toString(),
                "--candidates", "0", testWav.toString()), "candidates outside 1..16");
        assertEquals(1, StaCommand.execute("generate", "--bundle", demo.bundle().toString(), "-o", dir.toString(),
                "--candidates", "2", testWav.toString()), "no teacher image tower to rank with");
    }
}
