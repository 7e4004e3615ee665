package org.speaktheart.pipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.speaktheart.pipeline.recipe.ShapesDemo;
import org.speaktheart.pipeline.recipe.ShapesDemoConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sta demo-shapes}: the whole recipe on a small spoken shapes corpus, then generation from held-out speech. */
@Command(name = "demo-shapes", mixinStandardHelpOptions = true,
        description = {"Builds a spoken 4 shapes x 4 colours corpus with espeak-ng, trains the tokenizer, the speech "
                + "encoder and the denoiser, writes a bundle, and generates images from a held-out voice's speech, "
                + "scored by the exact shapes scorer. A few minutes on 2 cores."})
final class DemoShapesCommand implements Callable<Integer> {

    @Option(names = "--work-dir", description = "Where the corpus, models, bundle and report go (default: ${DEFAULT-VALUE}).",
            defaultValue = "sta-shapes-demo")
    private Path workDir;

    @Option(names = "--seed", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    private long seed;

    @Override
    public Integer call() {
        ShapesDemoConfig defaults = ShapesDemoConfig.defaults(workDir);
        ShapesDemoConfig config = new ShapesDemoConfig(workDir, seed, defaults.imageSide(), defaults.tokenizerSteps(),
                defaults.encoderSteps(), defaults.denoiserSteps(), defaults.diffusionSteps());
        ShapesDemo.Result r = ShapesDemo.run(config, line -> System.out.println("[demo] " + line));
        System.out.println("bundle: " + r.bundle());
        System.out.println("images: " + r.grid());
        return 0;
    }
}
