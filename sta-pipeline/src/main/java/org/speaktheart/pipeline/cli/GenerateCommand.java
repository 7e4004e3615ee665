package org.speaktheart.pipeline.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.pipeline.GenerationOptions;
import org.speaktheart.pipeline.GenerationResult;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.DefaultBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sta generate}: audio files to PNG images with a model bundle. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates an image from each audio file (WAV, AIFF, AU) with a model bundle.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--bundle", description = "Model bundle directory (default: the embedded default model).")
    private Path bundle;

    @Option(names = {"-o", "--out"}, description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = ".")
    private Path out;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    private long seed;

    @Option(names = "--samples", description = "Images per input (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    private int samples;

    @Option(names = "--language", description = "Spoken language code (default: decided by the bundle's encoder).")
    private String language;

    @Mixin
    private SamplerOverrides overrides;

    @Parameters(arity = "1..*", paramLabel = "AUDIO", description = "Audio files.")
    private List<Path> audio;

    @Override
    public Integer call() {
        try (SpeechToImagePipeline pipeline = SpeechToImagePipeline.builder(DefaultBundle.open(bundle)).build()) {
            SamplerConfig sampler = overrides.apply(pipeline.defaultSampler());
            GenerationOptions options = GenerationOptions.builder().seed(seed).samples(samples).language(language)
                    .sampler(sampler).candidates(overrides.candidates()).build();
            for (Path file : audio) {
                GenerationResult r = pipeline.generate(file, options);
                String stem = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                for (int i = 0; i < r.images().size(); i++) {
                    Path png = out.resolve(r.images().size() == 1 ? stem + ".png" : stem + "-" + i + ".png");
                    var image = r.images().get(i);
                    AtomicFiles.write(png, o -> ImageIO.write(image, "png", o));
                    System.out.printf("%s -> %s (%s, seed %d, %d steps%s, %.0f ms)%n", file, png, describeLanguage(r), r.seed(),
                            r.sampler().steps(), describeRanking(r, i), r.timings().totalMillis());
                }
            }
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot write images to " + out + ": " + e.getMessage(), e);
        }
        return 0;
    }

    /** ", best of 4, teacher cosine 0.31" for a ranked image, else nothing. */
    static String describeRanking(GenerationResult r, int image) {
        return r.scores().isEmpty() ? ""
                : String.format(java.util.Locale.ROOT, ", best of %d, teacher cosine %.3f", r.candidates(), r.scores().get(image));
    }

    /** "language en", or "language ar (identified, p 0.97)" when the bundle's identifier chose it. */
    static String describeLanguage(GenerationResult r) {
        return r.detectedLanguage() == null ? "language " + r.language()
                : String.format(java.util.Locale.ROOT, "language %s (identified, p %.2f)", r.language(),
                        r.detectedLanguage().probability());
    }
}
