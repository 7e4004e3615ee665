package org.speaktheart.pipeline.cli;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.diffusion.fit.DenoiserFit;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.DefaultBundle;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.pipeline.eval.Evaluation;
import org.speaktheart.pipeline.eval.DenoiserFitProbe;
import org.speaktheart.pipeline.eval.EvaluationConfig;
import org.speaktheart.pipeline.eval.EvaluationException;
import org.speaktheart.pipeline.eval.EvaluationReport;
import org.speaktheart.pipeline.eval.EvaluationResult;
import org.speaktheart.pipeline.eval.InceptionNetwork;
import org.speaktheart.pipeline.eval.InceptionOptions;
import org.speaktheart.pipeline.eval.InceptionPreprocessing;
import org.speaktheart.pipeline.eval.InceptionScore;
import org.speaktheart.pipeline.eval.JudgeClassifier;
import org.speaktheart.pipeline.eval.JudgeConfig;
import org.speaktheart.pipeline.eval.JudgeTrainer;
import org.speaktheart.pipeline.eval.JudgeTrainingConfig;
import org.speaktheart.teacher.ImageTextTeacher;
import org.speaktheart.teacher.LockedTextTeacher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code sta evaluate}: evaluates a bundle on a manifest split (semantic fidelity by a judge
 * classifier and by the teacher's retrieval, the speech/text gap, Fréchet distance against the
 * tokenizer floor, diversity, bootstrap intervals; with {@code --inception}, the standard FID and
 * Inception Score from a user-supplied Inception-v3 ONNX) and writes JSON, markdown and PNG figures;
 * {@code sta evaluate judge-train} trains the judge classifier once; {@code sta evaluate denoiser-fit} measures
 * how well a bundle's denoiser predicts the tokens of a split's pictures.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a model bundle on a manifest split, per language, and writes report.json, report.md, "
                + "image grids and plots to --out. Without --judge, a judge classifier is trained into --out/judge.onnx "
                + "(or reused from there) unless --no-judge is given.",
        subcommands = {EvaluateCommand.JudgeTrain.class, EvaluateCommand.DenoiserFitCommand.class})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--bundle", description = "Model bundle directory (required).")
    private Path bundle;

    @Option(names = "--manifest", description = "Manifest (.jsonl) with pictures and audio (required).")
    private Path manifest;

    @Option(names = "--split", description = "Split to evaluate: train, val or test (default: ${DEFAULT-VALUE}).", defaultValue = "test")
    private String split;

    @Option(names = "--languages", split = ",", description = "Languages, comma-separated (default: every language of the split the bundle serves).")
    private List<String> languages;

    @Option(names = "--samples", description = "Images per input and condition (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    private int samples;

    @Option(names = "--seed", description = "Base seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    private long seed;

    @Mixin
    private SamplerOverrides overrides;

    @Option(names = "--max-records", description = "At most this many records per language, 0 = all (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    private int maxRecords;

    @Option(names = "--bootstrap", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).", defaultValue = "1000")
    private int bootstrap;

    @Option(names = "--teacher-tower", description = "Image tower ONNX of the locked-text teacher (required).")
    private Path teacherTower;

    @Option(names = "--judge", description = "Trained judge ONNX (from 'sta evaluate judge-train').")
    private Path judge;

    @Option(names = "--no-judge", description = "Evaluate without a judge classifier (teacher retrieval and shapes scorer only).")
    private boolean noJudge;

    @Option(names = "--judge-steps", description = "Training steps when a judge is trained here (default: ${DEFAULT-VALUE}).",
            defaultValue = "600")
    private int judgeSteps;

    @Option(names = "--judge-val-split", description = "Validation split when a judge is trained here (default: ${DEFAULT-VALUE}).",
            defaultValue = "val")
    private String judgeValSplit;

    @Option(names = {"-o", "--out"}, description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "sta-evaluation")
    private Path out;

    @Option(names = "--inception", paramLabel = "FILE", description = "Inception-v3 ONNX that you supply (STA ships "
            + "and downloads none): adds the standard FID and the Inception Score of every condition. Accepted: one "
            + "float input [N, 3, S, S]; an output 2048 wide (pool features, [N, 2048] or [N, 2048, 1, 1]); optionally "
            + "one 1000 or 1008 wide (class logits; without it, FID only).")
    private Path inception;

    @Option(names = "--inception-normalisation", paramLabel = "NAME", description = "Pixel scaling the Inception "
            + "network expects: minus-one-one (pixels to [-1, 1], the TensorFlow Inception of the original FID) or "
            + "imagenet (ImageNet mean/std, torchvision-trained networks) (default: minus-one-one).")
    private String inceptionNormalisation;

    @Option(names = "--inception-features", paramLabel = "NAME",
            description = "Output to read as the 2048-d pool features, when the model has several 2048-wide outputs.")
    private String inceptionFeatures;

    @Option(names = "--inception-logits", paramLabel = "NAME",
            description = "Output to read as the class logits, when the model has several 1000- or 1008-wide outputs.")
    private String inceptionLogits;

    @Option(names = "--is-splits", paramLabel = "N", description = "Splits of the Inception Score: mean and standard "
            + "deviation over N random groups of each condition's images (default: " + InceptionScore.DEFAULT_SPLITS
            + "; fewer when a condition has fewer images).")
    private Integer isSplits;

    @Option(names = "--workers", paramLabel = "N", description = "Records whose images are generated at the same time, "
            + "1.." + EvaluationConfig.MAX_WORKERS + " (default: one per processor); the figures do not depend on it.")
    private Integer workers;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        // Required here rather than by picocli, so that 'evaluate judge-train' does not ask for them.
        List<String> missing = new java.util.ArrayList<>();
        if (bundle == null) {
            missing.add("'--bundle'");
        }
        if (manifest == null) {
            missing.add("'--manifest'");
        }
        if (teacherTower == null) {
            missing.add("'--teacher-tower'");
        }
        if (!missing.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required option(s): " + String.join(", ", missing));
        }
        headless();
        if (judge != null && noJudge) {
            throw new EvaluationException("--judge and --no-judge exclude each other; give one of them");
        }
        InceptionOptions inceptionOptions = inceptionOptions();
        Manifest m = ManifestIO.read(manifest);
        EvaluationConfig.Builder config = EvaluationConfig.builder().split(Split.fromKey(split))
                .languages(languages == null ? List.of() : languages).samples(samples).seed(seed).bootstrapResamples(bootstrap)
                .maxRecords(maxRecords);
        if (isSplits != null) {
            config.inceptionScoreSplits(isSplits);
        }
        if (workers != null) {
            config.workers(workers);
        }
        config.build(); // refuse bad settings before any model is loaded or trained
        JudgeClassifier classifier = null;
        InceptionNetwork network = null;
        try {
            if (inception != null) {
                network = InceptionNetwork.load(inception, inceptionOptions, RuntimeConfig.defaults());
                System.out.println("[evaluate] Inception model " + network);
            }
            if (!noJudge) {
                Path file = judge;
                if (file == null) {
                    file = out.resolve("judge.onnx");
                    if (Files.isRegularFile(file)) {
                        System.out.println("[evaluate] reusing the judge " + file);
                    } else {
                        JudgeTrainer.train(m, JudgeTrainingConfig.builder().steps(judgeSteps)
                                .valSplit(Split.fromKey(judgeValSplit)).build(), file, line -> System.out.println("[judge] " + line));
                    }
                }
                classifier = JudgeClassifier.load(file, RuntimeConfig.defaults());
            }
            try (ImageTextTeacher teacher = LockedTextTeacher.load(teacherTower, RuntimeConfig.defaults(), 32);
                 SpeechToImagePipeline pipeline = SpeechToImagePipeline.builder(ModelBundle.open(bundle)).build()) {
                if (overrides.any()) {
                    config.sampler(overrides.apply(pipeline.defaultSampler()));
                }
                config.candidates(overrides.candidates());
                EvaluationResult result = new Evaluation(pipeline, teacher, classifier, network)
                        .evaluate(m, config.build(), line -> System.out.println("[evaluate] " + line));
                List<Path> files = result.write(out);
                summary(result.report());
                files.forEach(f -> System.out.println("wrote " + f));
            }
        } finally {
            closeAll(classifier, network);
        }
        return 0;
    }

    /** The Inception options, refusing Inception settings given without {@code --inception} and unknown names. */
    private InceptionOptions inceptionOptions() {
        if (inception == null) {
            List<String> orphans = new java.util.ArrayList<>();
            if (inceptionNormalisation != null) {
                orphans.add("--inception-normalisation");
            }
            if (inceptionFeatures != null) {
                orphans.add("--inception-features");
            }
            if (inceptionLogits != null) {
                orphans.add("--inception-logits");
            }
            if (isSplits != null) {
                orphans.add("--is-splits");
            }
            if (!orphans.isEmpty()) {
                throw new EvaluationException(String.join(", ", orphans) + " only apply with --inception FILE (an Inception-v3 ONNX); "
                        + "give the model or drop them");
            }
            return null;
        }
        return InceptionOptions.builder()
                .normalisation(inceptionNormalisation == null ? InceptionPreprocessing.Normalisation.MINUS_ONE_ONE
                        : InceptionPreprocessing.Normalisation.fromKey(inceptionNormalisation))
                .featuresOutput(inceptionFeatures).logitsOutput(inceptionLogits).build();
    }

    /** Closes every model that was opened, in reverse order, keeping later failures as suppressed exceptions. */
    private static void closeAll(JudgeClassifier classifier, InceptionNetwork network) {
        RuntimeException failure = null;
        for (AutoCloseable c : new AutoCloseable[] {classifier, network}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                if (failure == null) {
                    failure = r;
                } else {
                    failure.addSuppressed(r);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void summary(EvaluationReport r) {
        for (EvaluationReport.LanguageReport l : r.languages()) {
            for (EvaluationReport.ConditionReport c : l.conditions()) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s %-14s", l.language(), c.name()));
                for (EvaluationReport.Metric m : c.metrics()) {
                    sb.append(String.format(Locale.ROOT, "  %s %.3f [%.3f, %.3f]", m.name(), m.value(), m.low(), m.high()));
                }
                if (c.frechet() != null) {
                    sb.append(String.format(Locale.ROOT, "  FD %.4f", c.frechet()));
                }
                if (c.fid() != null) {
                    sb.append(String.format(Locale.ROOT, "  FID %.4f", c.fid()));
                }
                if (c.inceptionScore() != null) {
                    sb.append(String.format(Locale.ROOT, "  IS %.3f +- %.3f", c.inceptionScore(), c.inceptionScoreStd()));
                }
                System.out.println(sb);
            }
        }
    }

    /** Plots and grids are drawn off screen; a machine without a display must not try to open one. */
    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** {@code sta evaluate judge-train}: trains the judge classifier on a manifest's training pictures. */
    @Command(name = "judge-train", mixinStandardHelpOptions = true,
            description = "Trains the judge classifier on the distinct pictures of --train-split, validates it on "
                    + "--val-split (the held-out style) and writes it as ONNX.")
    static final class JudgeTrain implements Callable<Integer> {
        @Option(names = "--manifest", description = "Manifest (.jsonl) with pictures (required).")
        private Path manifest;

        @Spec
        private CommandSpec spec;

        @Option(names = {"-o", "--out"}, description = "Judge ONNX file to write (default: ${DEFAULT-VALUE}).", defaultValue = "judge.onnx")
        private Path out;

        @Option(names = "--steps", description = "Training steps (default: ${DEFAULT-VALUE}).", defaultValue = "600")
        private int steps;

        @Option(names = "--batch", description = "Images per step (default: ${DEFAULT-VALUE}).", defaultValue = "32")
        private int batch;

        @Option(names = "--image-size", description = "Input side in pixels (default: ${DEFAULT-VALUE}).", defaultValue = "32")
        private int imageSize;

        @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).", defaultValue = "1")
        private long seed;

        @Option(names = "--train-split", description = "Training split (default: ${DEFAULT-VALUE}).", defaultValue = "train")
        private String trainSplit;

        @Option(names = "--val-split", description = "Validation split (default: ${DEFAULT-VALUE}).", defaultValue = "val")
        private String valSplit;

        @Override
        public Integer call() {
            if (manifest == null) {
                throw new ParameterException(spec.commandLine(), "Missing required option: '--manifest'");
            }
            JudgeConfig d = JudgeConfig.defaults(2);
            JudgeTrainingConfig config = JudgeTrainingConfig.builder()
                    .network(new JudgeConfig(imageSize, d.baseChannels(), d.channelMultipliers(), d.groups(), 2))
                    .steps(steps).batchSize(batch).seed(seed).trainSplit(Split.fromKey(trainSplit)).valSplit(Split.fromKey(valSplit))
                    .build();
            JudgeTrainer.Result r = JudgeTrainer.train(ManifestIO.read(manifest), config, out,
                    line -> System.out.println("[judge] " + line));
            System.out.printf(Locale.ROOT, "judge: %d concepts, validation accuracy %.3f (chance %.3f), %.0f s -> %s%n",
                    r.concepts().size(), r.valAccuracy(), 1.0 / r.concepts().size(), r.seconds(), r.model());
            return 0;
        }
    }

    /** {@code sta evaluate denoiser-fit}: masked-token NLL and accuracy of a bundle's denoiser on a split's pictures. */
    @Command(name = "denoiser-fit", mixinStandardHelpOptions = true,
            description = "Measures how well a bundle's denoiser predicts the tokens of a split's pictures: each picture "
                    + "is tokenized, noised to timestep t, and its masked tokens are scored with the teacher's text "
                    + "embedding of its caption (or, with --condition image, the teacher's embedding of the picture) "
                    + "and with the null condition (NLL in nats per masked token, accuracy, and the condition's gain). "
                    + "On the train split: has the generator learnt its own pictures?")
    static final class DenoiserFitCommand implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--bundle", description = "Model bundle directory with a teacher image tower (default: the embedded model).")
        private Path bundle;

        @Option(names = "--manifest", required = true, description = "Manifest (.jsonl) with pictures and captions.")
        private Path manifest;

        @Option(names = "--split", description = "Split whose pictures are scored (default: ${DEFAULT-VALUE}).", defaultValue = "train")
        private String split;

        @Option(names = "--caption-language", description = "Language of the conditioning captions (default: ${DEFAULT-VALUE}).",
                defaultValue = "en")
        private String captionLanguage;

        @Option(names = "--condition", paramLabel = "caption|image", description = "What conditions each picture: its "
                + "caption's teacher text embedding, or the teacher's embedding of the picture itself (default: "
                + "${DEFAULT-VALUE}).", defaultValue = "caption")
        private String condition;

        @Option(names = "--max-pictures", description = "Distinct pictures, in manifest order (default: ${DEFAULT-VALUE}).",
                defaultValue = "100")
        private int maxPictures;

        @Option(names = "--timesteps", split = ",", paramLabel = "T", description = "Timesteps in 1..T "
                + "(default: 10, 30, 50, 70, 90 and 100 % of the bundle's T).")
        private int[] timesteps;

        @Option(names = "--seed", description = "Seed of the forward noise (default: ${DEFAULT-VALUE}).", defaultValue = "0")
        private long seed;

        @Option(names = {"-o", "--out"}, description = "Also write the figures as JSON to this file.")
        private Path out;

        @Override
        public Integer call() {
            Manifest m = ManifestIO.read(manifest);
            DenoiserFitProbe.Result r;
            try (ModelBundle b = DefaultBundle.open(bundle)) {
                r = DenoiserFitProbe.run(b, m, Split.fromKey(split), captionLanguage, fitCondition(condition), maxPictures,
                        timesteps, seed, RuntimeConfig.defaults());
            }
            var o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "denoiser fit of %s on %d %s pictures (captions '%s', condition %s, seed %d)%n",
                    r.bundle(), r.pictures(), r.split(), r.captionLanguage(), r.condition(), r.seed());
            o.println("   t  masked  NLL cond  acc cond  NLL null  acc null  gain (nats)");
            for (DenoiserFit.Level l : r.levels()) {
                o.printf(Locale.ROOT, "%4d  %6.3f  %8.3f  %8.3f  %8.3f  %8.3f  %11.3f%n", l.t(), l.maskedFraction(),
                        l.conditionalNll(), l.conditionalAccuracy(), l.unconditionalNll(), l.unconditionalAccuracy(),
                        l.conditionGain());
            }
            if (out != null) {
                AtomicFiles.write(out, new GsonBuilder().setPrettyPrinting().create().toJson(r)
                        .getBytes(StandardCharsets.UTF_8));
                o.println("figures: " + out);
            }
            o.flush();
            return 0;
        }

        private DenoiserFitProbe.Condition fitCondition(String key) {
            for (DenoiserFitProbe.Condition c : DenoiserFitProbe.Condition.values()) {
                if (c.key().equals(key)) {
                    return c;
                }
            }
            throw new ParameterException(spec.commandLine(), "--condition must be caption or image, got '" + key + "'");
        }
    }
}
