package org.speaktheart.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.models.DefaultModels;
import org.speaktheart.pipeline.GeneratedImages;
import org.speaktheart.pipeline.GenerationOptions;
import org.speaktheart.pipeline.GenerationResult;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.DefaultBundle;
import org.speaktheart.pipeline.bundle.ModelBundle;

/** The embedded default model: it opens verified, serves English and Arabic, and the demo writes real images. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoWritesOneNonBlankImagePerBundledSample() throws IOException {
        assertEquals(0, StaCommand.execute("demo", "--out", dir.toString(), "--seed", "3"));
        assertEquals(1, StaCommand.execute("demo", "--out", dir.resolve("refused").toString(), "--candidates", "0"));
        List<DefaultModels.Sample> samples = DefaultModels.samples();
        for (DefaultModels.Sample s : samples) {
            Path png = dir.resolve(s.file().replace(".wav", ".png"));
            assertTrue(Files.exists(png), png.toString());
            BufferedImage image = ImageIO.read(png.toFile());
            assertTrue(pixelStdDev(image) > 5, "image of " + s.file() + " is (nearly) blank");
        }
    }

    @Test
    void defaultBundleServesBothLanguagesAndIsDeterministic() throws IOException {
        try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(DefaultBundle.open()).build()) {
            assertTrue(p.languages().containsAll(List.of("en", "ar")), p.languages().toString());
            assertTrue(p.bundle().has(ModelBundle.SPEECH_ENCODER) && p.bundle().has(ModelBundle.DENOISER));
            AudioClip clip;
            try (InputStream in = DefaultModels.samples().get(0).open()) {
                clip = AudioDecoder.standard().decode(in);
            }
            GenerationOptions o = GenerationOptions.builder().seed(11).language("en").build();
            GenerationResult plain = p.generate(clip, o);
            BufferedImage a = plain.image();
            BufferedImage b = p.generate(clip, o).image();
            // the default model does not rank by default, but can: its best of 4 is one of the 4 candidates,
            // the first of which is the unranked image
            assertTrue(p.ranksCandidates());
            assertEquals(1, p.defaultCandidates());
            assertTrue(plain.scores().isEmpty());
            GenerationResult ranked = p.generate(clip, GenerationOptions.builder().seed(11).language("en").candidates(4).build());
            assertEquals(4, ranked.candidates());
            GeneratedImages all = p.sample(p.condition(ranked.embedding()), 4, 11, p.defaultSampler(), 1);
            assertEquals(plain.tokens().get(0), all.tokens().get(0), "candidate 0 is the unranked image");
            assertTrue(all.tokens().contains(ranked.tokens().get(0)), "the kept image is one of the 4 candidates");
            for (int y = 0; y < a.getHeight(); y++) {
                for (int x = 0; x < a.getWidth(); x++) {
                    assertEquals(a.getRGB(x, y), b.getRGB(x, y), "same seed, same image");
                }
            }
        }
    }

    @Test
    void generateWithoutBundleUsesTheEmbeddedModel() throws IOException {
        Path wav = dir.resolve("sample.wav");
        try (InputStream in = DefaultModels.samples().get(0).open()) {
            Files.copy(in, wav);
        }
        assertEquals(0, StaCommand.execute("generate", "-o", dir.toString(), wav.toString()));
        assertTrue(Files.exists(dir.resolve("sample.png")));
    }

    @Test
    void sayWithoutBundleUsesTheEmbeddedModel() {
        Path png = dir.resolve("said.png");
        assertEquals(0, StaCommand.execute("say", "--text", "a picture of a taco", "--language", "en", "--voice", "en-us",
                "--out", png.toString()));
        assertTrue(Files.exists(png));
    }

    private static double pixelStdDev(BufferedImage image) {
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int v = (rgb >> shift) & 0xFF;
                    sum += v;
                    sq += (double) v * v;
                    n++;
                }
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sq / n - mean * mean));
    }
}
