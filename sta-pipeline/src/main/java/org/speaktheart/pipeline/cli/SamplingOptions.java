package org.speaktheart.pipeline.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.pipeline.GenerationOptions;
import org.speaktheart.pipeline.GenerationResult;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The generation options {@code say} and {@code listen} share, and how their one image is written. */
final class SamplingOptions {
    @Option(names = "--out", required = true, description = "PNG file to write.")
    Path out;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Mixin
    SamplerOverrides overrides = new SamplerOverrides();

    /** The request: the bundle's sampler with the given overrides, this seed, the given language. */
    GenerationOptions options(SamplerConfig base, String language) {
        return GenerationOptions.builder().seed(seed).language(language).sampler(overrides.apply(base))
                .candidates(overrides.candidates()).build();
    }

    /** Writes the result's image to {@code --out} atomically and returns a one-line summary. */
    String write(GenerationResult r) {
        BufferedImage image = r.image();
        AtomicFiles.write(out, o -> ImageIO.write(image, "png", o));
        return String.format(java.util.Locale.ROOT, "%s (seed %d, %d steps%s, %.0f ms)", out, r.seed(), r.sampler().steps(),
                GenerateCommand.describeRanking(r, 0), r.timings().totalMillis());
    }
}
