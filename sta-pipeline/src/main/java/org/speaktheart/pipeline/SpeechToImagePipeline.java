package org.speaktheart.pipeline;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioException;
import org.speaktheart.audio.dsp.AudioConditioner;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.network.DenoiserModel;
import org.speaktheart.diffusion.network.OnnxDenoiser;
import org.speaktheart.diffusion.sampling.DiffusionSampler;
import org.speaktheart.diffusion.sampling.SampleRequest;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.schedule.NoiseSchedule;
import org.speaktheart.encoder.EncoderException;
import org.speaktheart.encoder.inference.SpeechEmbedding;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.langid.LanguageGuess;
import org.speaktheart.encoder.langid.LanguageIdentifier;
import org.speaktheart.pipeline.bundle.BundleException;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.pipeline.prior.CaptionPrior;
import org.speaktheart.vqvae.ImageTokenizer;
import org.speaktheart.vqvae.TokenGrid;

/**
 * Speech to image in one call: audio -> speech embedding (sta-encoder) -> the generator's condition
 * (the embedding itself, or its {@link CaptionPrior} mapping when the bundle's prior is used as the
 * condition) -> token grid by discrete diffusion (sta-diffusion) -> pixels (sta-vqvae decoder), all on
 * ONNX Runtime, from a verified {@link ModelBundle}. A bundle with a language identifier also names the
 * spoken language when a request does not; a bundle with an image tower in the teacher's space (the
 * teacher's own or a ranker tower) can generate several candidates per image and keep the one the tower
 * finds closest to the ranking target ({@link CandidateRanker}): the condition, or the prior's output
 * when the bundle's prior is used for ranking ({@link CaptionPrior.Use}).
 *
 * <pre>{@code
 * try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(ModelBundle.open(dir)).build()) {
 *     BufferedImage image = p.generate(Path.of("a-red-apple.wav")).image();
 * }
 * }</pre>
 *
 * <p>Thread-safe: the models are ONNX Runtime sessions and the samplers are immutable, so any number
 * of threads may generate at once; the same input, seed and settings give the same image. The
 * pipeline owns the bundle and closes it.
 */
public final class SpeechToImagePipeline implements AutoCloseable {
    private static final String AUTO = "auto";

    private final ModelBundle bundle;
    private final SpeechEncoder encoder;
    private final LanguageIdentifier languageIdentifier;
    private final CaptionPrior captionPrior;
    private final CaptionPrior.Use captionPriorUse;
    private final CandidateRanker ranker;
    private final int defaultCandidates;
    private final DenoiserModel denoiserModel;
    private final OnnxDenoiser denoiser;
    private final ImageTokenizer tokenizer;
    private final NoiseSchedule schedule;
    private final SamplerConfig defaultSampler;
    private final AudioConditioner audioCheck;
    private final Map<SamplerConfig, DiffusionSampler> samplers = new ConcurrentHashMap<>();

    private SpeechToImagePipeline(Builder b) {
        this.bundle = b.bundle;
        SpeechEncoder enc = null;
        LanguageIdentifier lid = null;
        CaptionPrior prior = null;
        CandidateRanker rank = null;
        DenoiserModel den = null;
        ImageTokenizer tok = null;
        try {
            this.schedule = BundleSettings.schedule(bundle);
            this.defaultSampler = b.sampler != null ? b.sampler : BundleSettings.sampler(bundle);
            enc = SpeechEncoder.load(bundle.component(ModelBundle.SPEECH_ENCODER), b.runtime);
            den = DenoiserModel.load(bundle.component(ModelBundle.DENOISER), b.runtime);
            tok = ImageTokenizer.open(bundle.component(ModelBundle.TOKEN_ENCODER),
                    bundle.component(ModelBundle.TOKEN_DECODER), b.runtime);
            checkCompatible(enc, den, tok, schedule);
            if (bundle.has(ModelBundle.LANGUAGE_IDENTIFIER)) {
                lid = LanguageIdentifier.load(bundle.component(ModelBundle.LANGUAGE_IDENTIFIER), b.runtime);
                checkIdentifier(lid, enc);
            }
            if (bundle.has(ModelBundle.CAPTION_PRIOR)) {
                prior = CaptionPrior.load(bundle.component(ModelBundle.CAPTION_PRIOR), b.runtime);
                if (prior.dim() != den.config().conditionDim()) {
                    throw new BundleException("bundle " + bundle.source() + ": the caption prior maps " + prior.dim()
                            + "-d embeddings but the denoiser is conditioned on " + den.config().conditionDim() + "-d vectors");
                }
            }
            rank = CandidateRanker.load(bundle, b.runtime, den.config().conditionDim());
            this.defaultCandidates = b.candidates != null ? b.candidates : BundleSettings.candidates(bundle);
            if (defaultCandidates > 1 && rank == null) {
                throw new BundleException("bundle " + bundle.source() + " asks for " + defaultCandidates + " candidates per image but has "
                        + "no '" + ModelBundle.TEACHER_IMAGE_TOWER + "' or '" + ModelBundle.RANKER_IMAGE_TOWER + "' component to rank them");
            }
            this.encoder = enc;
            this.languageIdentifier = lid;
            this.captionPrior = prior;
            this.captionPriorUse = BundleSettings.captionPriorUse(bundle);
            this.ranker = rank;
            this.denoiserModel = den;
            this.denoiser = new OnnxDenoiser(den);
            this.tokenizer = tok;
            // Reject, never alter: the encoder must see the audio as its training data was made.
            this.audioCheck = AudioConditioner.builder().maxDurationSeconds(b.maxDurationSeconds).removeDc(false)
                    .trim(false).level(AudioConditioner.Level.NONE).build();
            sampler(defaultSampler);
        } catch (RuntimeException e) {
            closeAll(e, tok, den, rank, prior, lid, enc);
            throw e;
        }
    }

    private void checkCompatible(SpeechEncoder enc, DenoiserModel den, ImageTokenizer tok, NoiseSchedule s) {
        int embedding = enc.config().outputDim();
        if (embedding != den.config().conditionDim()) {
            throw new BundleException("bundle " + bundle.source() + ": the speech encoder gives " + embedding
                    + "-d embeddings but the denoiser is conditioned on " + den.config().conditionDim() + "-d vectors");
        }
        if (tok.codebookSize() != den.config().codebookSize() || s.codebookSize() != den.config().codebookSize()) {
            throw new BundleException("bundle " + bundle.source() + ": codebook sizes disagree (tokenizer "
                    + tok.codebookSize() + ", denoiser " + den.config().codebookSize() + ", schedule " + s.codebookSize() + ")");
        }
        if (s.steps() != den.config().timesteps()) {
            throw new BundleException("bundle " + bundle.source() + ": the schedule has T = " + s.steps()
                    + " but the denoiser was trained with T = " + den.config().timesteps());
        }
    }

    private void checkIdentifier(LanguageIdentifier lid, SpeechEncoder enc) {
        String encoderHash = bundle.manifest().components().get(ModelBundle.SPEECH_ENCODER).sha256();
        if (!lid.encoderSha256().equalsIgnoreCase(encoderHash)) {
            throw new BundleException("bundle " + bundle.source() + ": the language identifier was trained on the frames of "
                    + "encoder " + lid.encoderSha256() + " but the bundle's speech encoder is " + encoderHash);
        }
        if (lid.featureDim() != 2 * enc.config().width()) {
            throw new BundleException("bundle " + bundle.source() + ": the language identifier reads " + lid.featureDim()
                    + " pooled values but the speech encoder's frames are " + enc.config().width() + " wide (expected "
                    + 2 * enc.config().width() + ")");
        }
        if (!enc.languages().containsAll(lid.languages())) {
            throw new BundleException("bundle " + bundle.source() + ": the language identifier tells apart "
                    + lid.languages() + " but the speech encoder serves " + enc.languages());
        }
    }

    /** A builder for a pipeline over a verified bundle (the pipeline takes ownership of it). */
    public static Builder builder(ModelBundle bundle) {
        return new Builder(Objects.requireNonNull(bundle, "bundle"));
    }

    /** The bundle the pipeline runs. */
    public ModelBundle bundle() {
        return bundle;
    }

    /** The languages the bundle's speech encoder was trained on. */
    public List<String> languages() {
        return encoder.languages();
    }

    /** Whether the bundle identifies the spoken language when a request names none. */
    public boolean identifiesLanguage() {
        return languageIdentifier != null;
    }

    /**
     * The spoken language of an encoded clip, by the bundle's language identifier.
     *
     * @return empty when the bundle has no identifier
     */
    public Optional<LanguageGuess> identifyLanguage(SpeechEmbedding embedding) {
        return languageIdentifier == null ? Optional.empty() : Optional.of(languageIdentifier.identify(embedding));
    }

    /** Whether the bundle has a caption prior (used as {@link #captionPriorUse()} says). */
    public boolean hasCaptionPrior() {
        return captionPrior != null;
    }

    /**
     * What the bundle's caption prior is used for; {@link CaptionPrior.Use#CONDITION} when the bundle has
     * none (then neither method below maps anything).
     */
    public CaptionPrior.Use captionPriorUse() {
        return captionPriorUse;
    }

    /**
     * The generator's condition for an encoded clip: the embedding mapped by the bundle's caption prior
     * when the prior is used as the condition, else the embedding itself.
     */
    public float[] condition(SpeechEmbedding embedding) {
        return condition(embedding.vector());
    }

    /**
     * The generator's condition for an embedding vector (length D): its caption-prior mapping when the
     * bundle's prior is used as the condition, else the vector itself.
     *
     * @throws PipelineInputException for a vector of the wrong width when the prior applies
     */
    public float[] condition(float[] embedding) {
        return captionPrior == null || captionPriorUse != CaptionPrior.Use.CONDITION ? embedding : captionPrior.apply(embedding);
    }

    /**
     * What candidates generated for an embedding vector (length D) are ranked against: its caption-prior
     * mapping when the bundle has a prior (whatever its use), else the vector itself; equal to
     * {@link #condition(float[])} unless the prior is used for ranking only.
     *
     * @throws PipelineInputException for a vector of the wrong width when a prior is present
     */
    public float[] rankingTarget(float[] embedding) {
        return rankingTarget(embedding, condition(embedding));
    }

    /**
     * As {@link #rankingTarget(float[])} for an embedding whose {@link #condition(float[])} the caller
     * already has: the prior's mapping when the prior is used for ranking only, else that condition itself,
     * so the prior runs at most once per embedding.
     *
     * @throws PipelineInputException for a vector of the wrong width when the prior applies
     */
    public float[] rankingTarget(float[] embedding, float[] condition) {
        return captionPrior != null && captionPriorUse == CaptionPrior.Use.RANKING ? captionPrior.apply(embedding) : condition;
    }

    /** Whether the bundle can rank candidate images (it has the teacher's or a ranker image tower). */
    public boolean ranksCandidates() {
        return ranker != null;
    }

    /** Candidates per image when a request gives none (1 = no ranking). */
    public int defaultCandidates() {
        return defaultCandidates;
    }

    /** The sampling settings used when a request gives none. */
    public SamplerConfig defaultSampler() {
        return defaultSampler;
    }

    /** Generates one image from an audio file with the default options. */
    public GenerationResult generate(Path audioFile) {
        return generate(audioFile, GenerationOptions.defaults());
    }

    /**
     * Generates from an audio file (WAV, AIFF or AU).
     *
     * @throws PipelineInputException when the file cannot be decoded or the request is refused
     */
    public GenerationResult generate(Path audioFile, GenerationOptions options) {
        AudioClip clip;
        try {
            clip = AudioDecoder.standard().decode(audioFile);
        } catch (AudioException e) {
            throw new PipelineInputException("cannot use audio file " + audioFile + ": " + e.getMessage(), e);
        }
        return generate(clip, options);
    }

    /** Generates one image from a clip with the default options. */
    public GenerationResult generate(AudioClip clip) {
        return generate(clip, GenerationOptions.defaults());
    }

    /**
     * Generates from a clip.
     *
     * @throws PipelineInputException for silent or over-long audio, an unserved language or invalid
     *     sampling settings
     */
    public GenerationResult generate(AudioClip clip, GenerationOptions options) {
        long t0 = System.nanoTime();
        SpeechEmbedding embedding = embed(clip, options.language());
        // Identification reads the encoder's frames, so it follows the encoder; the condition vector
        // of a multilingual encoder does not depend on the declared language.
        LanguageGuess detected = options.language() == null ? identifyLanguage(embedding).orElse(null) : null;
        String language = options.language() != null ? options.language() : detected != null ? detected.language() : AUTO;
        long t1 = System.nanoTime();
        SamplerConfig config = options.sampler() == null ? defaultSampler : options.sampler();
        int candidates = options.candidates() == 0 ? defaultCandidates : options.candidates();
        long[] stages = new long[3];
        float[] condition = condition(embedding);
        float[] target = candidates == 1 ? condition : rankingTarget(embedding.vector(), condition);
        GeneratedImages out = sample(condition, target, options.samples(), options.seed(), config, candidates, stages);
        return new GenerationResult(out.images(), embedding, out.tokens(), options.seed(), config, language, detected, candidates,
                out.scores(), new StageTimings((t1 - t0) / 1e6, stages[0] / 1e6, stages[1] / 1e6, stages[2] / 1e6));
    }

    /** Generates from several clips with the same options (each clip with the given seed). */
    public List<GenerationResult> generateBatch(List<AudioClip> clips, GenerationOptions options) {
        List<GenerationResult> results = new ArrayList<>(clips.size());
        for (AudioClip clip : clips) {
            results.add(generate(clip, options));
        }
        return results;
    }

    /**
     * The speech embedding of a clip (the condition of the generator), for research use.
     *
     * @param language the spoken language, or null to let the encoder decide
     * @throws PipelineInputException for silent or over-long audio or an unserved language
     */
    public SpeechEmbedding embed(AudioClip clip, String language) {
        AudioClip checked;
        try {
            checked = audioCheck.apply(clip);
        } catch (AudioException e) {
            throw new PipelineInputException("audio refused: " + e.getMessage(), e);
        }
        if (language != null && !encoder.languages().contains(language)) {
            throw new PipelineInputException("no speech encoder for language '" + language + "' in bundle "
                    + bundle.source() + "; it serves " + encoder.languages());
        }
        try {
            return language == null ? encoder.embed(checked) : encoder.embed(checked, language);
        } catch (EncoderException e) {
            throw new PipelineInputException("the speech encoder refused the clip: " + e.getMessage(), e);
        }
    }

    /**
     * Samples token grids for a condition vector (a speech embedding, or any vector of the
     * generator's condition width, such as a teacher text embedding).
     *
     * @throws PipelineInputException for a condition of the wrong width or invalid settings
     */
    public List<TokenGrid> tokens(float[] condition, int samples, long seed, SamplerConfig config) {
        int width = denoiserModel.config().conditionDim();
        if (condition.length != width) {
            throw new PipelineInputException("condition has " + condition.length + " values; the generator takes " + width);
        }
        float[][] rows = new float[samples][];
        Arrays.fill(rows, condition);
        int n = denoiserModel.config().tokens();
        int[] ids;
        try {
            ids = sampler(config).sample(denoiser, SampleRequest.builder(samples, n).condition(rows).seed(seed).build());
        } catch (DiffusionArgumentException e) {
            throw new PipelineInputException("sampling refused: " + e.getMessage(), e);
        }
        int h = denoiserModel.config().gridHeight();
        int w = denoiserModel.config().gridWidth();
        List<TokenGrid> grids = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            grids.add(new TokenGrid(h, w, Arrays.copyOfRange(ids, i * n, (i + 1) * n), tokenizer.codebookSize()));
        }
        return grids;
    }

    /**
     * Samples images for a condition vector (as {@link #tokens}), decoded; with {@code candidates > 1}
     * each image is the best of that many by the bundle's ranking image tower ({@link CandidateRanker})
     * against the condition itself. Candidate {@code c} of image {@code i} is row {@code c * samples + i} of one sampler batch,
     * so candidate 0 of every image is exactly the image of {@code candidates = 1} with the same seed, and
     * a larger K only adds candidates.
     *
     * @param candidates 1..{@value GenerationOptions#MAX_CANDIDATES}, and samples x candidates at most
     *     {@value GenerationOptions#MAX_ROWS}
     * @throws PipelineInputException for invalid counts, ranking without a teacher image tower, or what
     *     {@link #tokens} refuses
     */
    public GeneratedImages sample(float[] condition, int samples, long seed, SamplerConfig config, int candidates) {
        return sample(condition, condition, samples, seed, config, candidates, new long[3]);
    }

    /**
     * As {@link #sample(float[], int, long, SamplerConfig, int)}, with the candidates ranked against
     * {@code rankingTarget} (length D, e.g. {@link #rankingTarget(float[])}) instead of the condition.
     *
     * @throws PipelineInputException also for a ranking target of the wrong width
     */
    public GeneratedImages sample(float[] condition, float[] rankingTarget, int samples, long seed, SamplerConfig config,
                                  int candidates) {
        return sample(condition, rankingTarget, samples, seed, config, candidates, new long[3]);
    }

    private GeneratedImages sample(float[] condition, float[] rankingTarget, int samples, long seed, SamplerConfig config,
                                   int candidates, long[] nanos) {
        GenerationOptions.checkCandidates(samples, candidates);
        if (rankingTarget.length != condition.length) {
            throw new PipelineInputException("ranking target has " + rankingTarget.length + " values; the condition has "
                    + condition.length);
        }
        if (candidates > 1 && ranker == null) {
            throw new PipelineInputException("cannot rank " + candidates + " candidates: bundle " + bundle.source()
                    + " has no '" + ModelBundle.TEACHER_IMAGE_TOWER + "' or '" + ModelBundle.RANKER_IMAGE_TOWER
                    + "' component; use 1 candidate");
        }
        long t0 = System.nanoTime();
        List<TokenGrid> grids = tokens(condition, samples * candidates, seed, config);
        long t1 = System.nanoTime();
        List<BufferedImage> images = tokenizer.decodeAll(grids);
        long t2 = System.nanoTime();
        nanos[0] = t1 - t0;
        nanos[1] = t2 - t1;
        if (candidates == 1) {
            return new GeneratedImages(grids, images, List.of());
        }
        double[] score = ranker.scores(rankingTarget, images);
        List<TokenGrid> keptGrids = new ArrayList<>(samples);
        List<BufferedImage> kept = new ArrayList<>(samples);
        List<Double> keptScores = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            int best = i;
            for (int c = 1; c < candidates; c++) {
                int row = c * samples + i;
                if (score[row] > score[best]) {
                    best = row;
                }
            }
            keptGrids.add(grids.get(best));
            kept.add(images.get(best));
            keptScores.add(score[best]);
        }
        nanos[2] = System.nanoTime() - t2;
        return new GeneratedImages(keptGrids, kept, keptScores);
    }

    /** Decodes token grids to images. */
    public List<BufferedImage> decode(List<TokenGrid> grids) {
        return tokenizer.decodeAll(grids);
    }

    private DiffusionSampler sampler(SamplerConfig config) {
        if (config.steps() > schedule.steps()) {
            throw new PipelineInputException("steps = " + config.steps() + " exceeds the bundle's T = " + schedule.steps()
                    + "; accepted: 1.." + schedule.steps());
        }
        try {
            return samplers.computeIfAbsent(config, c -> new DiffusionSampler(schedule, c));
        } catch (DiffusionArgumentException e) {
            throw new PipelineInputException("sampling settings refused: " + e.getMessage(), e);
        }
    }

    /** Closes the models and the bundle, in reverse order of opening; later failures are suppressed. */
    @Override
    public void close() {
        closeAll(null, tokenizer, denoiserModel, ranker, captionPrior, languageIdentifier, encoder);
    }

    private void closeAll(RuntimeException primary, AutoCloseable... resources) {
        RuntimeException failure = primary;
        List<AutoCloseable> all = new ArrayList<>(Arrays.asList(resources));
        all.add(bundle);
        for (AutoCloseable r : all) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (primary == null && failure != null) {
            throw failure;
        }
    }

    /** Builder of {@link SpeechToImagePipeline}. */
    public static final class Builder {
        private final ModelBundle bundle;
        private RuntimeConfig runtime = RuntimeConfig.defaults();
        private SamplerConfig sampler;
        private Integer candidates;
        private double maxDurationSeconds = 30;

        private Builder(ModelBundle bundle) {
            this.bundle = bundle;
        }

        /** ONNX Runtime settings: execution provider, threads (default CPU). */
        public Builder runtime(RuntimeConfig v) {
            runtime = Objects.requireNonNull(v, "runtime");
            return this;
        }

        /** Default sampling settings (default: the bundle's). */
        public Builder sampler(SamplerConfig v) {
            sampler = v;
            return this;
        }

        /**
         * Candidates per image when a request gives none, 1..{@value GenerationOptions#MAX_CANDIDATES}
         * (default: the bundle's setting, else 1); more than 1 needs the bundle's teacher image tower.
         */
        public Builder candidates(int v) {
            GenerationOptions.checkCandidates(1, v);
            candidates = v;
            return this;
        }

        /** Longest accepted clip in seconds (default 30). */
        public Builder maxDurationSeconds(double v) {
            if (!(v > 0)) {
                throw new PipelineInputException("maxDurationSeconds must be > 0, got " + v);
            }
            maxDurationSeconds = v;
            return this;
        }

        /**
         * Loads the models.
         *
         * @throws BundleException when the bundle's components do not fit together
         */
        public SpeechToImagePipeline build() {
            return new SpeechToImagePipeline(this);
        }
    }
}
