package org.speaktheart.pipeline.recipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.speaktheart.core.train.CheckpointStore;
import java.util.stream.Stream;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.schedule.NoiseSchedule;
import org.speaktheart.pipeline.BundleSettings;
import org.speaktheart.pipeline.bundle.BundleWriter;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.vqvae.VqVaeExporter;

/**
 * The STA training recipe for any spoken-caption manifest: tokenizer -> teacher image tower -> caption
 * prior (when asked for) -> speech encoder -> language identifier (with two or more languages) -> denoiser
 * -> bundle, each stage in its own directory of the work directory.
 *
 * <p>Resume: a stage that finished writes {@link StageMarker} ({@code stage.json}) atomically after its
 * outputs; a later run with the same options and the same inputs (compared by SHA-256) finds the marker,
 * checks its outputs' hashes and skips the stage. A stage interrupted mid-way (or asked for more steps)
 * runs again and its training harness resumes from its newest checkpoint; when a stage's inputs or its
 * options other than the step count changed, its old checkpoints are deleted first so a run never
 * continues from weights trained for something else.
 *
 * <p>Each of the first three components can instead be provided already trained
 * ({@link RecipeConfig#providedTokenizer()}, {@link RecipeConfig#providedTeacherTower()},
 * {@link RecipeConfig#providedEncoder()}); the denoiser is always trained here. Each training stage also
 * draws its loss curve ({@code loss.png}) from the harness's {@code metrics.jsonl}.
 *
 * <p>The bundle ({@code bundle/}) holds the speech encoder, denoiser, tokenizer encoder and decoder, and
 * the teacher's image tower in the role {@value ModelBundle#TEACHER_IMAGE_TOWER} (so an evaluation can embed pictures
 * and the denoiser can be driven by the teacher's text embeddings); its manifest records the languages,
 * the command, every stage's options, seeds and steps (provenance) and every stage's figures.
 */
public final class TrainRecipe {
    /**
     * Stage names, in order; each is also its directory name under the work directory. The
     * {@code caption-prior} stage runs only when a prior temperature is set and {@code language-id}
     * only with two or more languages; their directories exist only then.
     */
    public static final List<String> STAGES = List.of("tokenizer", "teacher", "caption-prior", "encoder", "language-id",
            "denoiser", "bundle");

    private static final String RESUME_KEY_FILE = "resume-key.txt";

    /**
     * What a run produced.
     *
     * @param bundle the bundle directory
     * @param stages every stage in order
     * @param seconds wall time of this run
     */
    public record Result(Path bundle, List<StageResult> stages, double seconds) {
        /** The result of a stage by name. */
        public StageResult stage(String name) {
            return stages.stream().filter(s -> s.stage().equals(name)).findFirst()
                    .orElseThrow(() -> new RecipeException("no stage '" + name + "'; stages are " + STAGES));
        }
    }

    private TrainRecipe() {
    }

    /** The work of one stage inside its directory. */
    @FunctionalInterface
    private interface Work {
        StageOutput run(Path dir);
    }

    /**
     * Runs (or resumes) the recipe.
     *
     * @param c the configuration
     * @param log receives progress lines
     * @return the bundle and every stage's outcome
     * @throws RecipeException for a missing manifest or provided component, or data a stage cannot train on
     */
    public static Result run(RecipeConfig c, Consumer<String> log) {
        long start = System.nanoTime();
        Path work = c.workDir().toAbsolutePath();
        if (!Files.isRegularFile(c.manifest())) {
            throw new RecipeException("manifest " + c.manifest() + " does not exist; give a manifest.jsonl of a "
                    + "spoken-caption corpus (sta data emoji|shapes writes one)");
        }
        Manifest manifest = ManifestIO.read(c.manifest().toAbsolutePath());
        // checked before the upstream stages, which may train for hours
        String denoiserInit = c.denoiserInitCheckpoint().map(TrainRecipe::initKey).orElse(null);
        String manifestHash = StageMarker.sha256(manifest.file());
        Path cache = work.resolve("teacher-cache");
        List<StageResult> stages = new ArrayList<>();

        StageResult tokenizer = c.tokenizerFolder().map(TrainRecipe::providedTokenizer).orElseGet(() ->
                stage(work, "tokenizer", key("manifest", manifestHash, "seed", c.seed(), "options", c.tokenizer()),
                        c.tokenizer().steps(), log,
                        dir -> TokenizerStage.run(dir, c, manifest, c.seed() * 1000 + 1, log)));
        stages.add(tokenizer);

        StageResult teacher = c.teacherTowerFile().map(f -> provided("teacher", List.of(f))).orElseGet(() ->
                stage(work, "teacher", key("manifest", manifestHash, "seed", c.seed(), "options", c.teacher()),
                        c.teacher().steps(), log,
                        dir -> TeacherStage.run(dir, c, c.seed() * 1000 + 2, log)));
        stages.add(teacher);
        Path tower = teacher.file();

        StageResult prior = null;
        if (c.captionPriorTemperature() > 0) {
            prior = stage(work, "caption-prior", key("manifest", manifestHash, "teacher", StageMarker.sha256(tower),
                            "temperature", c.captionPriorTemperature()), 0, log,
                    dir -> CaptionPriorStage.run(dir, manifest, tower, cache, c.captionPriorTemperature(), log));
            stages.add(prior);
        }

        StageResult encoder = c.encoderFile().map(f -> provided("encoder", List.of(f))).orElseGet(() ->
                stage(work, "encoder", key("manifest", manifestHash, "seed", c.seed(), "languages", c.languages(),
                        "teacher", StageMarker.sha256(tower), "options", c.encoder()), c.encoder().steps(), log,
                        dir -> EncoderStage.run(dir, c, manifest, tower, cache, c.seed() * 1000 + 3, log)));
        stages.add(encoder);

        StageResult languageId = null;
        if (c.languages().size() > 1) {
            languageId = stage(work, "language-id", key("manifest", manifestHash, "seed", c.seed(), "languages", c.languages(),
                            "encoder", StageMarker.sha256(encoder.file()), "options", LanguageIdStage.options()), 0, log,
                    dir -> LanguageIdStage.run(dir, c, manifest, encoder.file(), c.seed() * 1000 + 5, log));
            stages.add(languageId);
        }

        Path tokenizerDir = tokenizer.file().getParent();
        StageResult denoiser = stage(work, "denoiser", key("manifest", manifestHash, "seed", c.seed(),
                        "languages", c.languages(), "tokenizer", hashes(tokenizer.files()), "teacher", StageMarker.sha256(tower),
                        // without speech conditions the denoiser never reads the encoder, so a new encoder keeps it
                        "encoder", c.denoiser().mix().speech() > 0 ? StageMarker.sha256(encoder.file()) : "not used",
                        "options", c.denoiser(), "init", denoiserInit),
                c.denoiser().steps(), log,
                dir -> DenoiserStage.run(dir, c, manifest, tokenizerDir, tower, encoder.file(), cache,
                        c.seed() * 1000 + 4, log));
        stages.add(denoiser);

        List<StageResult> upstream = List.copyOf(stages);
        Path identifier = languageId == null ? null : languageId.file();
        Path priorFile = prior == null ? null : prior.file();
        StageResult bundle = stage(work, "bundle", key("command", c.command(), "name", c.bundleName(),
                        "version", c.bundleVersion(), "languages", c.languages(), "sampling",
                        // without ranking the key stays what it was before candidates existed, so old runs stay finished
                        c.candidates() == 1 ? List.of(c.guidanceScale(), c.truncationRate())
                                : List.of(c.guidanceScale(), c.truncationRate(), c.candidates()), "components",
                        hashes(upstream.stream().flatMap(s -> s.files().stream()).toList()),
                        "upstream", upstream.stream().map(s -> s.stage() + s.figures()).toList()),
                0, log, dir -> writeBundle(dir, c, upstream, tokenizerDir, tower, encoder.file(), identifier, priorFile,
                        denoiser.file()));
        stages.add(bundle);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.accept(String.format(Locale.ROOT, "recipe: bundle %s (%s), %.0f s", bundle.file().getParent(),
                stages.stream().map(s -> s.stage() + " " + s.status().name().toLowerCase(Locale.ROOT)).toList(), seconds));
        return new Result(bundle.file().getParent(), stages, seconds);
    }

    /**
     * Runs one stage unless its marker says it is finished for this key. {@code key} identifies the inputs
     * and options except the step count; the fingerprint adds the steps.
     */
    private static StageResult stage(Path work, String name, String key, long steps, Consumer<String> log, Work body) {
        Path dir = work.resolve(name);
        String fingerprint = key + "\nsteps=" + steps;
        Optional<StageMarker> done = StageMarker.finished(dir, fingerprint);
        if (done.isPresent()) {
            StageMarker m = done.get();
            log.accept(name + ": finished earlier (" + dir.resolve(StageMarker.FILE) + "), skipped");
            return new StageResult(name, StageResult.Status.SKIPPED, files(dir, m.outputs().keySet()), m.figures(),
                    m.provenance(), m.finishedAtMillis());
        }
        try {
            Files.createDirectories(dir);
            Path keyFile = dir.resolve(RESUME_KEY_FILE);
            String previous = Files.isRegularFile(keyFile) ? Files.readString(keyFile, StandardCharsets.UTF_8) : null;
            if (previous != null && !previous.equals(key)) {
                log.accept(name + ": inputs or options changed since the last run; its checkpoints are discarded");
                deleteTree(dir.resolve(RecipeData.CHECKPOINTS));
                Files.deleteIfExists(dir.resolve(RecipeData.METRICS));
            }
            AtomicFiles.write(keyFile, key.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare stage directory " + dir + ": " + e.getMessage(), e);
        }
        StageOutput out = body.run(dir);
        Map<String, Double> figures = new TreeMap<>();
        out.figures().forEach((k, v) -> {
            if (Double.isFinite(v)) {
                figures.put(k, v);
            }
        });
        List<String> outputs = new ArrayList<>(out.files());
        Path metrics = dir.resolve(RecipeData.METRICS);
        if (Files.isRegularFile(metrics) && !LossCurves.read(metrics).isEmpty()) {
            LossCurves.write(metrics, dir.resolve(RecipeData.LOSS_PNG), name + " training loss");
            outputs.add(RecipeData.LOSS_PNG);
        }
        StageMarker m = StageMarker.write(dir, name, fingerprint, outputs, figures, out.provenance());
        return new StageResult(name, StageResult.Status.TRAINED, files(dir, out.files()), figures, out.provenance(),
                m.finishedAtMillis());
    }

    /**
     * Identity of a denoiser's starting checkpoint: the SHA-256 of its weights (and weight average), so a
     * moved copy keeps the stage's key and another checkpoint changes it.
     */
    private static String initKey(Path checkpoint) {
        if (Files.isRegularFile(checkpoint)) {
            return StageMarker.sha256(checkpoint); // an exported denoiser ONNX, checked by the stage
        }
        if (!Files.isRegularFile(checkpoint.resolve(CheckpointStore.HEADER_FILE))
                || !Files.isRegularFile(checkpoint.resolve(CheckpointStore.PARAMETERS_FILE))) {
            throw new RecipeException("denoiser start checkpoint " + checkpoint + " is not a training checkpoint: give a "
                    + "step-* directory (with " + CheckpointStore.HEADER_FILE + " and " + CheckpointStore.PARAMETERS_FILE
                    + ") from a denoiser stage's checkpoints/ folder, or an exported denoiser.onnx");
        }
        Path ema = checkpoint.resolve(CheckpointStore.EMA_FILE);
        return StageMarker.sha256(checkpoint.resolve(CheckpointStore.PARAMETERS_FILE))
                + (Files.isRegularFile(ema) ? "+" + StageMarker.sha256(ema) : "");
    }

    /** The output files of a stage without its loss curve, sorted by name so a skipped and a trained stage agree. */
    private static List<Path> files(Path dir, java.util.Collection<String> names) {
        return names.stream().filter(n -> !n.equals(RecipeData.LOSS_PNG)).sorted().map(dir::resolve).toList();
    }

    private static StageResult providedTokenizer(Path folder) {
        return provided("tokenizer", List.of(folder.resolve(VqVaeExporter.ENCODER_FILE), folder.resolve(VqVaeExporter.DECODER_FILE)));
    }

    private static StageResult provided(String stage, List<Path> files) {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new RecipeException("the provided " + stage + " file " + f + " does not exist"
                        + (stage.equals("tokenizer") ? "; a tokenizer folder holds " + VqVaeExporter.ENCODER_FILE + " and "
                        + VqVaeExporter.DECODER_FILE : ""));
            }
        }
        List<Path> absolute = files.stream().map(Path::toAbsolutePath).toList();
        return new StageResult(stage, StageResult.Status.PROVIDED, absolute, Map.of(),
                Map.of("file", absolute.toString(), "sha256", hashes(absolute).toString()), 0);
    }

    private static List<String> hashes(List<Path> files) {
        return files.stream().map(StageMarker::sha256).toList();
    }

    private static String key(Object... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue; // an unused optional input keeps the keys of runs from before it existed
            }
            String value = String.valueOf(pairs[i + 1]);
            // the step count is compared separately: more steps resume the same run
            value = value.replaceAll("(?<![A-Za-z])steps=\\d+", "steps=*");
            b.append(pairs[i]).append('=').append(value).append('\n');
        }
        return b.toString();
    }

    private static StageOutput writeBundle(Path dir, RecipeConfig c, List<StageResult> upstream, Path tokenizerDir,
                                           Path tower, Path encoder, Path identifier, Path prior, Path denoiser) {
        NoiseSchedule schedule;
        try (var tokenizer = org.speaktheart.vqvae.ImageTokenizer.open(tokenizerDir.resolve(VqVaeExporter.ENCODER_FILE),
                tokenizerDir.resolve(VqVaeExporter.DECODER_FILE), org.speaktheart.core.runtime.RuntimeConfig.defaults())) {
            schedule = NoiseSchedule.vqDiffusionDefault(tokenizer.codebookSize(), c.denoiser().diffusionSteps());
        }
        BundleWriter writer = new BundleWriter(c.bundleName(), c.bundleVersion())
                .component(ModelBundle.SPEECH_ENCODER, encoder)
                .component(ModelBundle.DENOISER, denoiser)
                .component(ModelBundle.TOKEN_ENCODER, tokenizerDir.resolve(VqVaeExporter.ENCODER_FILE))
                .component(ModelBundle.TOKEN_DECODER, tokenizerDir.resolve(VqVaeExporter.DECODER_FILE))
                .component(ModelBundle.TEACHER_IMAGE_TOWER, tower)
                .settings(BundleSettings.SCHEDULE, BundleSettings.schedule(schedule))
                .settings(BundleSettings.SAMPLER, BundleSettings.sampler(
                        SamplerConfig.builder().steps(c.denoiser().diffusionSteps()).guidanceScale(c.guidanceScale())
                                .truncationRate(c.truncationRate()).build()))
                .provenance("recipe", "TrainRecipe")
                .provenance("command", c.command())
                .provenance("manifest", c.manifest().toAbsolutePath().toString())
                .provenance("seed", Long.toString(c.seed()));
        if (c.candidates() > 1) {
            writer.settings(BundleSettings.SELECTION, BundleSettings.selection(c.candidates()));
        }
        if (identifier != null) {
            writer.component(ModelBundle.LANGUAGE_IDENTIFIER, identifier);
        }
        if (prior != null) {
            writer.component(ModelBundle.CAPTION_PRIOR, prior);
        }
        c.languages().forEach(writer::language);
        Map<String, Double> figures = new LinkedHashMap<>();
        for (StageResult s : upstream) {
            writer.provenance(s.stage() + ".status", s.status().name().toLowerCase(Locale.ROOT));
            s.provenance().forEach((k, v) -> writer.provenance(s.stage() + "." + k, v));
            s.figures().forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    writer.figure(s.stage() + "." + k, v);
                    figures.put(s.stage() + "." + k, v);
                }
            });
        }
        writer.write(dir);
        // the bundle directory is the stage directory; its component files and manifest are the outputs
        List<String> outputs = new ArrayList<>();
        outputs.add(ModelBundle.MANIFEST_FILE);
        try (ModelBundle written = ModelBundle.open(dir)) {
            for (String role : written.manifest().components().keySet()) {
                outputs.add(dir.relativize(written.component(role)).toString());
            }
        }
        return new StageOutput(outputs, Map.of("components", (double) outputs.size() - 1), Map.of("bundle", dir.toString()));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
