package org.speaktheart.pipeline.recipe;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@link TrainRecipe} needs: the corpus, the work directory, the languages, the seed, and
 * for each component either a trained file to take as it is or the options to train it with.
 * Immutable; build it with {@link #builder(Path, Path)}, which validates every field.
 *
 * @param manifest the spoken-caption manifest (images, captions, speech, splits)
 * @param workDir where every stage writes its directory ({@code tokenizer/}, {@code teacher/},
 *     {@code encoder/}, {@code denoiser/}, {@code bundle/})
 * @param languages languages the encoder and denoiser train on and the bundle serves
 * @param seed root seed; each stage derives its own from it
 * @param providedTokenizer folder with {@code tokenizer-encoder.onnx} and {@code tokenizer-decoder.onnx} to use
 *     instead of training, or null
 * @param providedTeacherTower image tower ONNX of the locked-text teacher to use instead of training, or null
 * @param providedEncoder speech encoder ONNX to use instead of training, or null
 * @param denoiserInit a harness checkpoint ({@code step-*} directory) or an exported denoiser ONNX file
 *     (e.g. a bundle's {@code denoiser.onnx}) of a denoiser with the same network options, whose weights
 *     (a checkpoint's weight average when it has one) start the denoiser stage, with a fresh optimiser
 *     and learning-rate schedule; null = random initialisation
 * @param tokenizer tokenizer training options (unused with a provided tokenizer)
 * @param teacher teacher tower training options (unused with a provided tower)
 * @param encoder encoder training options (unused with a provided encoder)
 * @param denoiser denoiser training options
 * @param checkpointInterval steps between harness checkpoints of every training stage (>= 1)
 * @param bundleName name written into the bundle manifest
 * @param bundleVersion version written into the bundle manifest
 * @param command the command line that asked for this run, recorded in the bundle's provenance
 * @param guidanceScale the bundle's default classifier-free guidance scale, >= 0 (1 = none)
 * @param truncationRate the bundle's default truncation rate, in (0, 1] (1 = none)
 * @param candidates the bundle's default candidates per image, ranked by the teacher
 *     ({@link org.speaktheart.pipeline.CandidateRanker}); 1 = no ranking
 * @param captionPriorTemperature temperature of the bundle's caption prior (pipeline.prior.CaptionPrior) over
 *     the train captions' text embeddings, > 0; 0 = no prior (the speech embedding conditions the generator
 *     as it is)
 */
public record RecipeConfig(Path manifest, Path workDir, List<String> languages, long seed, Path providedTokenizer,
                           Path providedTeacherTower, Path providedEncoder, Path denoiserInit,
                           TokenizerOptions tokenizer, TeacherOptions teacher, EncoderOptions encoder,
                           DenoiserOptions denoiser, int checkpointInterval, String bundleName, String bundleVersion,
                           String command, double guidanceScale, double truncationRate, int candidates,
                           double captionPriorTemperature) {

    public RecipeConfig {
        if (manifest == null) {
            throw new RecipeException("manifest must be set");
        }
        if (workDir == null) {
            throw new RecipeException("workDir must be set");
        }
        if (languages == null || languages.isEmpty() || languages.stream().anyMatch(l -> l == null || l.isBlank())) {
            throw new RecipeException("languages must name at least one language code, got " + languages);
        }
        languages = List.copyOf(languages);
        if (tokenizer == null || teacher == null || encoder == null || denoiser == null) {
            throw new RecipeException("tokenizer, teacher, encoder and denoiser options must all be set");
        }
        require(checkpointInterval >= 1, "checkpointInterval", checkpointInterval, ">= 1");
        if (bundleName == null || bundleName.isBlank() || bundleVersion == null || bundleVersion.isBlank()) {
            throw new RecipeException("bundleName and bundleVersion must not be blank, got '" + bundleName + "' and '"
                    + bundleVersion + "'");
        }
        command = command == null ? "" : command;
        require(guidanceScale >= 0 && Double.isFinite(guidanceScale), "guidanceScale", guidanceScale, "finite and >= 0");
        require(truncationRate > 0 && truncationRate <= 1, "truncationRate", truncationRate, "in (0, 1]");
        String candidatesRefusal = org.speaktheart.pipeline.GenerationOptions.candidatesRefusal(candidates);
        if (candidatesRefusal != null) {
            throw new RecipeException(candidatesRefusal); // the pipeline's own rule, so a bundle never holds what it refuses
        }
        require(captionPriorTemperature >= 0 && Double.isFinite(captionPriorTemperature), "captionPriorTemperature",
                captionPriorTemperature, "finite and >= 0 (0 = no caption prior)");
    }

    /** A builder with the defaults of every option; manifest and work directory are required. */
    public static Builder builder(Path manifest, Path workDir) {
        return new Builder(manifest, workDir);
    }

    /** The provided tokenizer folder, if any. */
    public Optional<Path> tokenizerFolder() {
        return Optional.ofNullable(providedTokenizer);
    }

    /** The provided teacher tower, if any. */
    public Optional<Path> teacherTowerFile() {
        return Optional.ofNullable(providedTeacherTower);
    }

    /** The provided encoder, if any. */
    public Optional<Path> encoderFile() {
        return Optional.ofNullable(providedEncoder);
    }

    /** The checkpoint the denoiser starts from, if any. */
    public Optional<Path> denoiserInitCheckpoint() {
        return Optional.ofNullable(denoiserInit);
    }

    static void require(boolean ok, String field, Object value, String accepted) {
        if (!ok) {
            throw new RecipeException(field + " must be " + accepted + ", got " + value);
        }
    }

    /** Mutable builder of {@link RecipeConfig}; {@link #build()} validates. */
    public static final class Builder {
        private final Path manifest;
        private final Path workDir;
        private List<String> languages = List.of("en");
        private long seed = 1;
        private Path providedTokenizer;
        private Path providedTeacherTower;
        private Path providedEncoder;
        private Path denoiserInit;
        private TokenizerOptions tokenizer = TokenizerOptions.defaults();
        private TeacherOptions teacher = TeacherOptions.defaults();
        private EncoderOptions encoder = EncoderOptions.defaults();
        private DenoiserOptions denoiser = DenoiserOptions.defaults();
        private int checkpointInterval = 500;
        private String bundleName = "sta-model";
        private String bundleVersion = "1";
        private double guidanceScale = 1;
        private double truncationRate = 1;
        private int candidates = 1;
        private double captionPriorTemperature;
        private String command = "";

        private Builder(Path manifest, Path workDir) {
            this.manifest = manifest;
            this.workDir = workDir;
        }

        /** Languages; default {@code en}. */
        public Builder languages(List<String> v) {
            languages = v;
            return this;
        }

        /** Root seed; default 1. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** A trained tokenizer folder to use; default none (train one). */
        public Builder providedTokenizer(Path v) {
            providedTokenizer = v;
            return this;
        }

        /** A trained teacher image tower to use; default none (train one). */
        public Builder providedTeacherTower(Path v) {
            providedTeacherTower = v;
            return this;
        }

        /** A trained speech encoder to use; default none (train one). */
        public Builder providedEncoder(Path v) {
            providedEncoder = v;
            return this;
        }

        /** Tokenizer training options; default {@link TokenizerOptions#defaults()}. */
        public Builder tokenizer(TokenizerOptions v) {
            tokenizer = v;
            return this;
        }

        /** Teacher tower training options; default {@link TeacherOptions#defaults()}. */
        public Builder teacher(TeacherOptions v) {
            teacher = v;
            return this;
        }

        /** Encoder training options; default {@link EncoderOptions#defaults()}. */
        public Builder encoder(EncoderOptions v) {
            encoder = v;
            return this;
        }

        /**
         * Starts the denoiser from the weights of a harness checkpoint ({@code step-*} directory) of a
         * denoiser with the same network options, e.g. to fine-tune it on other conditions; null (the
         * default) initialises it at random.
         */
        public Builder denoiserInit(Path checkpoint) {
            denoiserInit = checkpoint;
            return this;
        }

        /** Denoiser training options; default {@link DenoiserOptions#defaults()}. */
        public Builder denoiser(DenoiserOptions v) {
            denoiser = v;
            return this;
        }

        /** Steps between checkpoints; default 500. */
        public Builder checkpointInterval(int v) {
            checkpointInterval = v;
            return this;
        }

        /** Bundle name and version; default {@code sta-model} 1. */
        public Builder bundle(String name, String version) {
            bundleName = name;
            bundleVersion = version;
            return this;
        }

        /** The bundle's default sampler settings: guidance scale and truncation rate; default 1 and 1 (neither). */
        public Builder sampling(double guidance, double truncation) {
            guidanceScale = guidance;
            truncationRate = truncation;
            return this;
        }

        /** The bundle's default candidates per image, ranked by the teacher; default 1 (no ranking). */
        public Builder candidates(int v) {
            candidates = v;
            return this;
        }

        /** Temperature of the bundle's caption prior; default 0 = none. */
        public Builder captionPriorTemperature(double v) {
            captionPriorTemperature = v;
            return this;
        }

        /** The command line recorded in the bundle; default empty. */
        public Builder command(String v) {
            command = v;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws RecipeException naming the first invalid field
         */
        public RecipeConfig build() {
            return new RecipeConfig(manifest, workDir, languages, seed, providedTokenizer, providedTeacherTower,
                    providedEncoder, denoiserInit, tokenizer, teacher, encoder, denoiser, checkpointInterval, bundleName,
                    bundleVersion, command, guidanceScale, truncationRate, candidates, captionPriorTemperature);
        }
    }
}
