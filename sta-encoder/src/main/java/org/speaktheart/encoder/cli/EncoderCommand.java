package org.speaktheart.encoder.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.speaktheart.audio.augment.FeatureWarp;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.encoder.eval.EncoderEvaluation;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;
import org.speaktheart.encoder.training.Augmentation;
import org.speaktheart.encoder.training.CaptionAlphabet;
import org.speaktheart.encoder.training.DistillationConfig;
import org.speaktheart.encoder.training.DistillationData;
import org.speaktheart.encoder.training.EncoderTrainer;
import org.speaktheart.encoder.training.LanguageAdaptation;
import org.speaktheart.encoder.training.TeacherTargets;
import org.speaktheart.encoder.training.TeacherTargetsFactory;
import org.speaktheart.teacher.EmbeddingCache;
import org.speaktheart.teacher.LockedTextTeacher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the speech encoder: {@code train} distils an encoder from a manifest and the
 * default (locked-text) teacher; {@code adapt} continues a trained encoder (from its checkpoint, or
 * from its exported ONNX alone) on a new language's manifest or on more voices. Both write
 * {@code encoder.onnx}, {@code results.json}, checkpoints and {@code metrics.jsonl} under {@code --out}. {@code evaluate} scores an exported encoder's speech ->
 * image retrieval on one split of a manifest, per language, next to the teacher's text -> image bound.
 * {@code langid} trains a spoken-language identifier on an exported encoder's frames
 * ({@link LanguageIdCommand}).
 */
@Command(name = "sta-encoder", mixinStandardHelpOptions = true, subcommands = {EncoderCommand.Train.class,
        EncoderCommand.Adapt.class, EncoderCommand.Evaluate.class, LanguageIdCommand.class},
        description = "Train, adapt or evaluate the STA speech encoder, or train its language identifier.")
public final class EncoderCommand {

    /** Runs the command line; exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EncoderCommand()).execute(args));
    }

    /** Options shared by both subcommands. */
    static class Common {
        @Option(names = "--manifest", required = true, description = "manifest.jsonl of the training corpus")
        Path manifest;
        @Option(names = "--teacher-tower", required = true, description = "image tower ONNX of the locked-text teacher")
        Path tower;
        @Option(names = "--cache", required = true, description = "teacher embedding cache directory")
        Path cache;
        @Option(names = "--out", required = true, description = "output directory")
        Path out;
        @Option(names = "--languages", split = ",", defaultValue = "en,ar", description = "languages to train on")
        List<String> languages;
        @Option(names = "--steps", defaultValue = "3000", description = "optimizer steps (default: ${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--batch", defaultValue = "64", description = "clips per step (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--lr", defaultValue = "1e-3",
                description = "peak AdamW learning rate, after a warm-up and cosine-decayed to 1/20 of it (default: ${DEFAULT-VALUE})")
        double lr;
        @Option(names = "--seed", defaultValue = "1", description = "seed of batches, augmentation and fresh weights (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--text-weight", defaultValue = "1.0",
                description = "weight of the cosine pull toward the caption's text embedding (default: ${DEFAULT-VALUE})")
        double textWeight;
        @Option(names = "--text-contrastive-weight", defaultValue = "0",
                description = "weight of InfoNCE between speech and caption text embeddings (0 = off)")
        double textContrastiveWeight;
        @Option(names = "--ctc-weight", defaultValue = "0",
                description = "weight of the auxiliary CTC loss of the frame sequence against the caption's characters "
                        + "(0 = off; adds a training-only head)")
        double ctcWeight;
        @Option(names = "--channel-warp", defaultValue = "0",
                description = "feature channel warp factor drawn in [1-x, 1+x] per clip and step (0 = off), < 0.5")
        double channelWarp;
        @Option(names = "--time-stretch", defaultValue = "0",
                description = "feature time stretch factor drawn in [1-x, 1+x] per clip and step (0 = off), < 0.5")
        double timeStretch;
        @Option(names = "--noise", defaultValue = "0.5", description = "probability of white noise at 10-30 dB")
        double noise;
        @Option(names = "--speed", defaultValue = "false", description = "speed perturbation {0.9, 1, 1.1} (slow)")
        boolean speed;
        @Option(names = "--train-splits", split = ",", defaultValue = "train",
                description = "splits to train on: train, or train,val for a final fit with the val voices (needs --val-every 0)")
        List<String> trainSplits;
        @Option(names = "--val-every", defaultValue = "0",
                description = "steps between val-split retrieval checks (also the checkpoint interval); encoder.onnx is then "
                        + "the best one and best-checkpoint/ its weights (0 = off, the last step)")
        int valEvery;

        TrainingConfig training() {
            return TrainingConfig.builder().steps(steps).seed(seed).learningRate(lr).warmupSteps(Math.min(200, steps / 10))
                    .decay(LrDecay.cosine(lr / 20)).weightDecay(0.05).clipNorm(1.0).emaDecay(0.998)
                    .checkpointDir(out.resolve("checkpoints")).checkpointInterval(valEvery > 0 ? valEvery : 500)
                    .metricsFile(out.resolve("metrics.jsonl")).logInterval(100).build();
        }

        DistillationConfig distillation() {
            Augmentation a = Augmentation.standard();
            FeatureWarp warp = channelWarp == 0 && timeStretch == 0 ? null : new FeatureWarp(channelWarp, timeStretch);
            return new DistillationConfig(batch, textWeight, 100, new Augmentation(
                    speed ? new double[] {0.9, 1.0, 1.1} : new double[0], noise, 10, 30, a.specAugment(), warp),
                    textContrastiveWeight, ctcWeight);
        }

        EncoderTrainer.Result run(SpeechEncoderConfig config, SpeechEncoderNetwork initial, NDManager m) {
            Manifest manifest = ManifestIO.read(this.manifest);
            TeacherTargets targets;
            try (LockedTextTeacher teacher = LockedTextTeacher.load(tower, RuntimeConfig.defaults(), 64)) {
                targets = TeacherTargetsFactory.fromTeacher(teacher, manifest, new EmbeddingCache(cache));
            }
            Set<String> langs = new LinkedHashSet<>(languages);
            EncoderTrainer.Result r = EncoderTrainer.train(new EncoderTrainer.Request(manifest, targets, langs,
                    config.toBuilder().outputDim(targets.dim()).build(), distillation(), training(), out, valEvery,
                    trainSplits.stream().map(Split::fromKey).collect(java.util.stream.Collectors.toSet())), initial, m);
            for (EncoderEvaluation.LanguageResult lr : r.test().values()) {
                System.out.printf("%s speech %s | teacher text %s | ratio %.3f | speech -> caption %s%n", lr.language(),
                        lr.speech(), lr.teacherText(), lr.r1Ratio(), lr.speechToCaption());
            }
            return r;
        }
    }

    /** {@code train}: a new encoder. */
    @Command(name = "train", mixinStandardHelpOptions = true, description = "Distil a new encoder.")
    static final class Train extends Common implements Callable<Integer> {
        @Option(names = "--width", defaultValue = "192")
        int width;
        @Option(names = "--layers", defaultValue = "4")
        int layers;
        @Option(names = "--heads", defaultValue = "4")
        int heads;
        @Option(names = "--subsampling", defaultValue = "2", description = "stride-2 time convolutions")
        int subsampling;

        @Override
        public Integer call() {
            SpeechEncoderConfig config = SpeechEncoderConfig.builder().width(width).layers(layers).heads(heads)
                    .mlpHidden(4 * width).subsamplingLayers(subsampling).build();
            try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
                run(config, null, m);
            }
            return 0;
        }
    }

    /** {@code adapt}: continue a trained encoder on a new language. */
    @Command(name = "adapt", mixinStandardHelpOptions = true, description = "Adapt an encoder to a new language.")
    static final class Adapt extends Common implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--base-model", required = true,
                description = "the base encoder.onnx: its configuration, and its weights when no checkpoint is given")
        Path baseModel;
        @Option(names = "--base-checkpoint", description = "a step-* checkpoint of the base encoder (EMA weights); "
                + "without it training continues from the weights in --base-model (see --temperature), with a fresh CTC head")
        Path baseCheckpoint;
        @Option(names = "--temperature", description = "starting contrastive temperature in (0, 1] when continuing from "
                + "--base-model alone (default: the one it records, else 0.07; exports before this option record none)")
        Double temperature;
        @Option(names = "--frozen-layers", defaultValue = "2", description = "Transformer layers kept fixed from the bottom; "
                + "above 0 the blocks below the Transformer are kept fixed too (default: ${DEFAULT-VALUE})")
        int frozenLayers;

        @Override
        public Integer call() {
            if (baseCheckpoint != null && temperature != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--temperature applies only without --base-checkpoint (a checkpoint holds its own temperature)");
            }
            SpeechEncoderConfig config;
            try (SpeechEncoder base = SpeechEncoder.load(baseModel, RuntimeConfig.defaults())) {
                config = base.config();
            }
            try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
                int ctcClasses = ctcWeight > 0 ? CaptionAlphabet.SIZE : 0;
                SpeechEncoderNetwork n = baseCheckpoint != null
                        ? LanguageAdaptation.fromCheckpoint(baseCheckpoint, true, config, m, frozenLayers, ctcClasses)
                        : LanguageAdaptation.fromOnnx(baseModel, config, m, frozenLayers, ctcClasses, temperature);
                run(config, n, m);
            }
            return 0;
        }
    }

    /** {@code evaluate}: retrieval of an exported encoder on a split. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Speech -> image retrieval (R@1/5/10) of an encoder per language, with the teacher's text -> image bound, "
                    + "and speech -> caption retrieval in the teacher's text space.")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "the encoder.onnx to score")
        Path model;
        @Option(names = "--manifest", required = true, description = "manifest.jsonl of the corpus")
        Path manifest;
        @Option(names = "--teacher-tower", required = true, description = "image tower ONNX of the locked-text teacher")
        Path tower;
        @Option(names = "--cache", required = true, description = "teacher embedding cache directory")
        Path cache;
        @Option(names = "--split", defaultValue = "test", description = "split to score (default: ${DEFAULT-VALUE})")
        String split;
        @Option(names = "--languages", split = ",", defaultValue = "en,ar", description = "languages to score (default: ${DEFAULT-VALUE})")
        List<String> languages;
        @Option(names = "--out", description = "also write the figures to this JSON file")
        Path out;
        @Option(names = "--by-voice", description = "also score each voice's utterances on their own (same gallery)")
        boolean byVoice;

        @Override
        public Integer call() {
            Manifest m = ManifestIO.read(manifest);
            TeacherTargets targets;
            try (LockedTextTeacher teacher = LockedTextTeacher.load(tower, RuntimeConfig.defaults(), 64)) {
                targets = TeacherTargetsFactory.fromTeacher(teacher, m, new EmbeddingCache(cache));
            }
            DistillationData data = DistillationData.fromManifest(m, Split.fromKey(split), new LinkedHashSet<>(languages), targets);
            Map<String, EncoderEvaluation.LanguageResult> scores;
            Map<String, EncoderEvaluation.LanguageResult> voices = Map.of();
            try (SpeechEncoder enc = SpeechEncoder.load(model, RuntimeConfig.defaults())) {
                scores = EncoderEvaluation.evaluate(enc, data, 16);
                if (byVoice) {
                    voices = EncoderEvaluation.evaluateByVoice(enc, data, 16);
                }
            }
            for (EncoderEvaluation.LanguageResult lr : scores.values()) {
                System.out.printf("%s speech %s | teacher text %s | ratio %.3f | speech -> caption %s%n", lr.language(),
                        lr.speech(), lr.teacherText(), lr.r1Ratio(), lr.speechToCaption());
            }
            for (Map.Entry<String, EncoderEvaluation.LanguageResult> v : voices.entrySet()) {
                System.out.printf("%s %s speech %s | teacher text %s | speech -> caption %s%n", v.getValue().language(), v.getKey(),
                        v.getValue().speech(), v.getValue().teacherText(), v.getValue().speechToCaption());
            }
            if (out != null) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("model", model.toString());
                json.put("teacher", targets.teacherId());
                json.put("manifest", manifest.toString());
                json.put("split", split);
                json.put("scores", scores);
                if (byVoice) {
                    json.put("byVoice", voices);
                }
                AtomicFiles.write(out, new GsonBuilder().setPrettyPrinting().create().toJson(json).getBytes(StandardCharsets.UTF_8));
            }
            return 0;
        }
    }
}
