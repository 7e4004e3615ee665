package org.speaktheart.pipeline.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.models.DefaultModels;
import org.speaktheart.pipeline.GenerationOptions;
import org.speaktheart.pipeline.GenerationResult;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.DefaultBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sta demo}: the embedded default model on the bundled English and Arabic samples, with no
 * download and no speech engine. Writes one PNG per sample (and per extra sample image).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generates images from the bundled English and Arabic spoken descriptions with the embedded "
                + "default model (sta-models). Needs nothing but the jar."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, defaultValue = "sta-demo", description = "Output directory (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--samples", defaultValue = "1", description = "Images per spoken description (default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--candidates", description = "Images generated per image shown, the teacher's best kept; 1 = no "
            + "ranking, the fastest (default: the bundle's).")
    private Integer candidates;

    @Override
    public Integer call() {
        if (candidates != null) {
            GenerationOptions.checkCandidates(samples, candidates);
        }
        long start = System.nanoTime();
        try (SpeechToImagePipeline pipeline = SpeechToImagePipeline.builder(DefaultBundle.open()).build()) {
            System.out.printf("default model loaded in %.1f s (languages %s)%n", (System.nanoTime() - start) / 1e9,
                    pipeline.languages());
            for (DefaultModels.Sample s : DefaultModels.samples()) {
                AudioClip clip;
                try (InputStream in = s.open()) {
                    clip = AudioDecoder.standard().decode(in);
                }
                GenerationResult r = pipeline.generate(clip, GenerationOptions.builder().seed(seed).samples(samples)
                        .candidates(candidates == null ? 0 : candidates).language(s.language()).build());
                // the sample's language is known; what the bundle's identifier would say is shown next to it
                String identified = pipeline.identifyLanguage(r.embedding())
                        .map(g -> String.format(Locale.ROOT, "identified as %s, p %.2f", g.language(), g.probability()))
                        .orElse("no language identifier");
                String stem = s.file().replaceFirst("\\.[^.]+$", "");
                for (int i = 0; i < r.images().size(); i++) {
                    Path png = out.resolve(r.images().size() == 1 ? stem + ".png" : stem + "-" + i + ".png");
                    BufferedImage image = r.images().get(i);
                    AtomicFiles.write(png, o -> ImageIO.write(image, "png", o));
                    System.out.printf("[%s, %s] \"%s\" -> %s (%s; %d steps%s, %.0f ms)%n", s.language(), s.voice(), s.caption(),
                            png, identified, r.sampler().steps(), GenerateCommand.describeRanking(r, i), r.timings().totalMillis());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a bundled sample: " + e.getMessage(), e);
        }
        return 0;
    }
}
