package org.speaktheart.pipeline.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.speaktheart.pipeline.recipe.ConditionMix;
import org.speaktheart.pipeline.recipe.DenoiserOptions;
import org.speaktheart.pipeline.recipe.EncoderOptions;
import org.speaktheart.pipeline.recipe.RecipeConfig;
import org.speaktheart.pipeline.recipe.StageResult;
import org.speaktheart.pipeline.recipe.TeacherOptions;
import org.speaktheart.pipeline.recipe.TokenizerOptions;
import org.speaktheart.pipeline.recipe.TrainRecipe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sta train}: the whole training recipe on a spoken-caption manifest, resumable, ending in a bundle. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains tokenizer -> teacher image tower -> speech encoder -> denoiser -> bundle on a manifest "
                + "with images, captions and speech. Each stage works in its own folder of --work-dir; run the same "
                + "command again to skip finished stages and resume an interrupted one from its checkpoints. "
                + "--tokenizer, --teacher-tower and --encoder take an already trained component instead. "
                + "Writes W/bundle (the model bundle) and W/<stage>/loss.png (loss curves).")
final class TrainCommand implements Callable<Integer> {
    private static final TokenizerOptions TOK = TokenizerOptions.defaults();
    private static final TeacherOptions TEA = TeacherOptions.defaults();
    private static final EncoderOptions ENC = EncoderOptions.defaults();
    private static final DenoiserOptions DEN = DenoiserOptions.defaults();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--manifest", required = true, description = "manifest.jsonl of the corpus.")
    private Path manifest;
    @Option(names = "--work-dir", required = true, description = "Folder of the stages and the bundle.")
    private Path workDir;
    @Option(names = "--languages", split = ",", description = "Languages to train and serve (default: ${DEFAULT-VALUE}).")
    private List<String> languages = List.of("en");
    @Option(names = "--seed", description = "Root seed (default: ${DEFAULT-VALUE}).")
    private long seed = 1;
    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "Use this trained tokenizer (folder with tokenizer-encoder.onnx and tokenizer-decoder.onnx).")
    private Path tokenizer;
    @Option(names = "--teacher-tower", paramLabel = "FILE", description = "Use this trained teacher image tower ONNX.")
    private Path teacherTower;
    @Option(names = "--encoder", paramLabel = "FILE", description = "Use this trained speech encoder ONNX.")
    private Path encoder;
    @Option(names = "--denoiser-init", paramLabel = "DIR|FILE", description = "Start the denoiser from this checkpoint "
            + "(a step-* directory of a denoiser with the same network options) or exported denoiser (e.g. a bundle's "
            + "denoiser.onnx), e.g. to fine-tune it on other conditions.")
    private Path denoiserInit;
    @Option(names = "--checkpoint-interval", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    private int checkpointInterval = 500;
    @Option(names = "--bundle-name", description = "Bundle name (default: ${DEFAULT-VALUE}).")
    private String bundleName = "sta-model";
    @Option(names = "--bundle-version", description = "Bundle version (default: ${DEFAULT-VALUE}).")
    private String bundleVersion = "1";

    @Option(names = "--guidance", description = "Default classifier-free guidance scale written into the bundle, >= 0 "
            + "(default: ${DEFAULT-VALUE}, none).", defaultValue = "1")
    private double guidance;

    @Option(names = "--truncation", description = "Default truncation rate written into the bundle, in (0, 1] "
            + "(default: ${DEFAULT-VALUE}, none).", defaultValue = "1")
    private double truncation;

    @Option(names = "--candidates", description = "Default candidates per image written into the bundle: the pipeline "
            + "generates that many and keeps the one the teacher finds closest to the condition, 1..16 (default: "
            + "${DEFAULT-VALUE}, no ranking).", defaultValue = "1")
    private int candidates;

    @Option(names = "--caption-prior-temperature", description = "Temperature of the bundle's caption prior, which maps "
            + "a speech embedding to a mix of the train captions' text embeddings before generation, > 0 (default: "
            + "${DEFAULT-VALUE} = no prior).", defaultValue = "0")
    private double captionPriorTemperature;

    @Option(names = "--tokenizer-steps", description = "Tokenizer steps (default: ${DEFAULT-VALUE}).")
    private int tokenizerSteps = TOK.steps();
    @Option(names = "--tokenizer-size", description = "Tokenizer picture side in px (default: ${DEFAULT-VALUE}).")
    private int tokenizerSize = TOK.imageSize();
    @Option(names = "--tokenizer-codes", description = "Codebook size (default: ${DEFAULT-VALUE}).")
    private int tokenizerCodes = TOK.codebookSize();
    @Option(names = "--tokenizer-channels", description = "Tokenizer base channels (default: ${DEFAULT-VALUE}).")
    private int tokenizerChannels = TOK.baseChannels();
    @Option(names = "--tokenizer-code-dim", description = "Code vector dimension (default: ${DEFAULT-VALUE}).")
    private int tokenizerCodeDim = TOK.codeDim();
    @Option(names = "--tokenizer-batch", description = "Tokenizer batch (default: ${DEFAULT-VALUE}).")
    private int tokenizerBatch = TOK.batchSize();
    @Option(names = "--tokenizer-lr", description = "Tokenizer learning rate (default: ${DEFAULT-VALUE}).")
    private double tokenizerLr = TOK.learningRate();

    @Option(names = "--teacher-steps", description = "Teacher tower steps (default: ${DEFAULT-VALUE}).")
    private int teacherSteps = TEA.steps();
    @Option(names = "--teacher-size", description = "Teacher tower picture side in px (default: ${DEFAULT-VALUE}).")
    private int teacherSize = TEA.imageSize();
    @Option(names = "--teacher-channels", description = "Teacher tower base channels (default: ${DEFAULT-VALUE}).")
    private int teacherChannels = TEA.baseChannels();
    @Option(names = "--teacher-batch", description = "Teacher tower batch (default: ${DEFAULT-VALUE}).")
    private int teacherBatch = TEA.batchSize();
    @Option(names = "--teacher-lr", description = "Teacher tower learning rate (default: ${DEFAULT-VALUE}).")
    private double teacherLr = TEA.learningRate();

    @Option(names = "--encoder-steps", description = "Encoder steps (default: ${DEFAULT-VALUE}).")
    private int encoderSteps = ENC.steps();
    @Option(names = "--encoder-width", description = "Encoder width (default: ${DEFAULT-VALUE}).")
    private int encoderWidth = ENC.width();
    @Option(names = "--encoder-layers", description = "Encoder layers (default: ${DEFAULT-VALUE}).")
    private int encoderLayers = ENC.layers();
    @Option(names = "--encoder-heads", description = "Encoder heads (default: ${DEFAULT-VALUE}).")
    private int encoderHeads = ENC.heads();
    @Option(names = "--encoder-batch", description = "Encoder batch (default: ${DEFAULT-VALUE}).")
    private int encoderBatch = ENC.batchSize();
    @Option(names = "--encoder-lr", description = "Encoder learning rate (default: ${DEFAULT-VALUE}).")
    private double encoderLr = ENC.learningRate();
    @Option(names = "--encoder-noise", description = "Probability of noise augmentation (default: ${DEFAULT-VALUE}).")
    private double encoderNoise = ENC.noise();

    @Option(names = "--denoiser-steps", description = "Denoiser steps (default: ${DEFAULT-VALUE}).")
    private int denoiserSteps = DEN.steps();
    @Option(names = "--denoiser-width", description = "Denoiser width (default: ${DEFAULT-VALUE}).")
    private int denoiserWidth = DEN.width();
    @Option(names = "--denoiser-depth", description = "Denoiser blocks (default: ${DEFAULT-VALUE}).")
    private int denoiserDepth = DEN.depth();
    @Option(names = "--denoiser-heads", description = "Denoiser heads (default: ${DEFAULT-VALUE}).")
    private int denoiserHeads = DEN.heads();
    @Option(names = "--diffusion-steps", description = "T of the noise schedule (default: ${DEFAULT-VALUE}).")
    private int diffusionSteps = DEN.diffusionSteps();
    @Option(names = "--denoiser-batch", description = "Denoiser batch (default: ${DEFAULT-VALUE}).")
    private int denoiserBatch = DEN.batchSize();
    @Option(names = "--denoiser-lr", description = "Denoiser learning rate (default: ${DEFAULT-VALUE}).")
    private double denoiserLr = DEN.learningRate();
    @Option(names = "--denoiser-ema", description = "Denoiser weight-average decay, 0 = off (default: ${DEFAULT-VALUE}).")
    private double denoiserEma = DEN.emaDecay();
    @Option(names = "--condition-dropout", description = "Null-condition probability for guidance (default: ${DEFAULT-VALUE}).")
    private float conditionDropout = DEN.conditionDropout();
    @Option(names = "--condition-noise", paramLabel = "S", description = "Largest strength of the noise added to "
            + "training conditions (norm kept, cosine to the clean one about 1/sqrt(1+s^2), s uniform in [0, S]); "
            + "0 = off (default: ${DEFAULT-VALUE}).")
    private double conditionNoise = DEN.conditionNoise();
    @Option(names = "--condition-scale", paramLabel = "S", description = "Factor the denoiser applies to its "
            + "condition before the blocks; the square root of the teacher's width (19.6 for 384) gives unit RMS "
            + "per component (default: ${DEFAULT-VALUE}, the condition as given).")
    private double conditionScale = DEN.conditionScale();
    @Option(names = "--auxiliary-weight", paramLabel = "L", description = "Weight of the denoiser loss's direct "
            + "x0 cross-entropy beside the variational bound; about 0.02 weighs both alike at T = 50 "
            + "(default: ${DEFAULT-VALUE}, VQ-Diffusion's).")
    private double auxiliaryWeight = DEN.auxiliaryWeight();
    @Option(names = "--condition-tokens", paramLabel = "S", description = "Condition tokens: the denoiser projects "
            + "its condition to S vectors that join the grid in every block's self-attention, 0-64 "
            + "(default: ${DEFAULT-VALUE}, none).")
    private int conditionTokens = DEN.conditionTokens();
    @Option(names = "--condition-mix", paramLabel = "speech=W,text=W,image=W",
            description = "Shares of the denoiser's conditions (default: ${DEFAULT-VALUE}).")
    private String conditionMix = ConditionMix.defaults().toString();

    @Override
    public Integer call() {
        RecipeConfig config = RecipeConfig.builder(manifest, workDir).languages(languages).seed(seed)
                .providedTokenizer(tokenizer).providedTeacherTower(teacherTower).providedEncoder(encoder)
                .denoiserInit(denoiserInit)
                .tokenizer(new TokenizerOptions(tokenizerSize, tokenizerCodes, tokenizerChannels, tokenizerCodeDim,
                        tokenizerSteps, tokenizerBatch, tokenizerLr))
                .teacher(new TeacherOptions(teacherSize, teacherChannels, teacherSteps, teacherBatch, teacherLr))
                .encoder(new EncoderOptions(encoderWidth, encoderLayers, encoderHeads, encoderSteps, encoderBatch,
                        encoderLr, encoderNoise))
                .denoiser(DenoiserOptions.builder().width(denoiserWidth).depth(denoiserDepth).heads(denoiserHeads)
                        .diffusionSteps(diffusionSteps).steps(denoiserSteps).batchSize(denoiserBatch)
                        .learningRate(denoiserLr).emaDecay(denoiserEma).conditionDropout(conditionDropout)
                        .mix(ConditionMix.parse(conditionMix)).conditionNoise(conditionNoise)
                        .conditionScale(conditionScale).auxiliaryWeight(auxiliaryWeight)
                        .conditionTokens(conditionTokens).build())
                .checkpointInterval(checkpointInterval).bundle(bundleName, bundleVersion).sampling(guidance, truncation)
                .candidates(candidates)
                .captionPriorTemperature(captionPriorTemperature)
                .command("sta " + String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .build();
        TrainRecipe.Result r = TrainRecipe.run(config, line -> spec.commandLine().getOut().println("[train] " + line));
        for (StageResult s : r.stages()) {
            spec.commandLine().getOut().printf(Locale.ROOT, "%-13s %-8s %s%n", s.stage(),
                    s.status().name().toLowerCase(Locale.ROOT), s.file());
        }
        spec.commandLine().getOut().println("bundle: " + r.bundle());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
