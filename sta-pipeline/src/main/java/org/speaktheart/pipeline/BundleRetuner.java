package org.speaktheart.pipeline;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.diffusion.network.DenoiserModel;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.langid.LanguageIdentifier;
import org.speaktheart.pipeline.bundle.BundleException;
import org.speaktheart.pipeline.bundle.BundleManifest;
import org.speaktheart.pipeline.bundle.BundleWriter;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.pipeline.prior.CaptionPrior;

/**
 * Writes a copy of a model bundle under a new version with other run-time defaults: the default
 * sampler settings ({@value BundleSettings#SAMPLER}), the candidates ranked per image
 * ({@value BundleSettings#SELECTION}) and, optionally, a caption prior added or replaced
 * ({@link ModelBundle#CAPTION_PRIOR}, e.g. written by {@code sta bundle caption-prior}) with what it is
 * used for ({@value BundleSettings#CAPTION_PRIOR}), and an image tower that ranks candidates instead of
 * the teacher's ({@link ModelBundle#RANKER_IMAGE_TOWER}), and another speech encoder with or without a
 * language identifier bound to it. Nothing is trained: the component files are
 * copied byte for byte, and the languages, the noise schedule, every other setting, the training
 * provenance and the figures are carried over (the figures not when the encoder changes), so without a
 * new prior, ranker or encoder the new bundle
 * generates exactly what its source generates when the same settings are given per request. Its
 * provenance adds {@value #FROM} (the source's {@code name@version}) and {@value #COMMAND}; a bundle
 * retuned twice names only its last source.
 */
public final class BundleRetuner {
    /** Provenance key naming the bundle a retuned bundle was copied from ({@code name@version}). */
    public static final String FROM = "retune.from";
    /** Provenance key holding the command (or description) that retuned the bundle. */
    public static final String COMMAND = "retune.command";
    /** File name of a ranker image tower in a bundle. */
    public static final String RANKER_FILE_NAME = "ranker-image-tower.onnx";
    /** File name of a speech encoder put in by a retune. */
    public static final String ENCODER_FILE_NAME = "encoder.onnx";
    /** File name of a language identifier put in by a retune. */
    public static final String IDENTIFIER_FILE_NAME = "language-identifier.onnx";
    /** Provenance key naming the file a retune took the speech encoder from. */
    public static final String ENCODER_FROM = "retune.speechEncoder";

    private BundleRetuner() {
    }

    /**
     * What a retuned bundle changes besides its version.
     *
     * @param sampler the new default sampler; its steps must not exceed the schedule's T
     * @param candidates the new default candidates per image, 1..{@value GenerationOptions#MAX_CANDIDATES};
     *     more than 1 needs an image tower to rank with ({@link CandidateRanker#towerRole})
     * @param captionPrior a caption prior ONNX file ({@link CaptionPrior}) of the denoiser's condition width
     *     to add (or to replace the source's), or null to keep the source's prior, if any
     * @param captionPriorUse what the prior is used for, or null to keep the source's use (condition when
     *     the source has no prior); refused when the new bundle has no prior
     * @param rankerTower an image tower ONNX file trained against the teacher's locked text tower, to rank
     *     candidates instead of the teacher's tower ({@link ModelBundle#RANKER_IMAGE_TOWER}; replaces the
     *     source's), or null to keep the source's ranking tower
     * @param speechEncoder another speech encoder ONNX (e.g. one continued on more voices by
     *     {@code sta encoder adapt}) serving every language of the bundle with embeddings of the denoiser's
     *     condition width, or null to keep the source's. A bundle with a new encoder does not carry the
     *     source's figures, which were measured with the old one
     * @param languageIdentifier a language identifier ONNX bound to the new bundle's encoder (its
     *     recorded encoder SHA-256), or null as {@link #withSpeechEncoder} says
     */
    public record Changes(SamplerConfig sampler, int candidates, Path captionPrior, CaptionPrior.Use captionPriorUse,
                          Path rankerTower, Path speechEncoder, Path languageIdentifier) {
        public Changes {
            Objects.requireNonNull(sampler, "sampler");
        }

        /** New sampler and candidates; every model stays the source's. */
        public Changes(SamplerConfig sampler, int candidates) {
            this(sampler, candidates, null, null, null, null, null);
        }

        /** These changes with a caption prior file (or null) and its use (or null). */
        public Changes withCaptionPrior(Path file, CaptionPrior.Use use) {
            return new Changes(sampler, candidates, file, use, rankerTower, speechEncoder, languageIdentifier);
        }

        /** These changes with a ranker tower file (or null). */
        public Changes withRankerTower(Path file) {
            return new Changes(sampler, candidates, captionPrior, captionPriorUse, file, speechEncoder, languageIdentifier);
        }

        /**
         * These changes with another speech encoder (or null to keep the source's) and a language
         * identifier bound to the bundle's encoder (or null: keep the source's when the encoder stays,
         * else the new bundle has none).
         */
        public Changes withSpeechEncoder(Path encoder, Path identifier) {
            return new Changes(sampler, candidates, captionPrior, captionPriorUse, rankerTower, encoder, identifier);
        }
    }

    /**
     * Writes the retuned copy of {@code source} to {@code target} (atomically, as {@link BundleWriter} does).
     *
     * @param source the bundle to copy (verified when it was opened)
     * @param target the new bundle directory; must not be the source's own directory
     * @param version the new bundle's version; must differ from the source's
     * @param sampler the new default sampler; its steps must not exceed the schedule's T
     * @param candidates the new default candidates per image, 1..{@value GenerationOptions#MAX_CANDIDATES};
     *     more than 1 needs an image tower to rank with
     * @param command how the bundle was retuned, recorded in its provenance (e.g. the command line)
     * @return the manifest written
     * @throws BundleException when a setting is refused (the message says which and what is accepted)
     *     or the bundle cannot be written
     */
    public static BundleManifest retune(ModelBundle source, Path target, String version, SamplerConfig sampler,
                                        int candidates, String command) {
        return retune(source, target, version, new Changes(sampler, candidates), command);
    }

    /**
     * As {@link #retune(ModelBundle, Path, String, SamplerConfig, int, String)}, with every change
     * {@link Changes} allows (a caption prior and its use, a ranker tower).
     *
     * @throws BundleException also when the prior file is not a caption prior of the denoiser's condition
     *     width, or the ranker tower not an image tower of that width in the teacher's text space
     */
    public static BundleManifest retune(ModelBundle source, Path target, String version, Changes changes, String command) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(changes, "changes");
        SamplerConfig sampler = changes.sampler();
        int candidates = changes.candidates();
        Path captionPrior = changes.captionPrior();
        CaptionPrior.Use captionPriorUse = changes.captionPriorUse();
        BundleManifest m = source.manifest();
        String what = "cannot retune bundle " + m.name() + "@" + m.version() + ": ";
        if (version == null || version.isBlank()) {
            throw new BundleException(what + "a new version is required");
        }
        if (version.equals(m.version())) {
            throw new BundleException(what + "the new version must differ from the source's (" + m.version()
                    + "), so that two bundles with different defaults never share a version");
        }
        int timesteps = BundleSettings.schedule(source).steps();
        if (sampler.steps() > timesteps) {
            throw new BundleException(what + "sampler steps must be in 1.." + timesteps + " (the schedule's T), got "
                    + sampler.steps());
        }
        String refusal = GenerationOptions.candidatesRefusal(candidates);
        if (refusal != null) {
            throw new BundleException(what + refusal);
        }
        if (candidates > 1 && changes.rankerTower() == null && CandidateRanker.towerRole(source) == null) {
            throw new BundleException(what + "ranking " + candidates + " candidates needs a '" + ModelBundle.TEACHER_IMAGE_TOWER
                    + "' or '" + ModelBundle.RANKER_IMAGE_TOWER + "' component, which this bundle does not have; only 1 is accepted");
        }
        boolean hasPrior = captionPrior != null || source.has(ModelBundle.CAPTION_PRIOR);
        if (captionPriorUse != null && !hasPrior) {
            throw new BundleException(what + "a caption prior use ('" + captionPriorUse.id() + "') needs a caption prior, "
                    + "which this bundle does not have; give one to add");
        }
        if (captionPrior != null || changes.rankerTower() != null || changes.speechEncoder() != null) {
            int width = conditionWidth(source);
            if (changes.speechEncoder() != null) {
                checkEncoder(changes.speechEncoder(), width, m.languages(), what);
            }
            if (captionPrior != null) {
                checkPrior(captionPrior, width, what);
            }
            if (changes.rankerTower() != null) {
                CandidateRanker.checkRankerTower(changes.rankerTower(), width, source.has(ModelBundle.TEACHER_IMAGE_TOWER)
                        ? source.component(ModelBundle.TEACHER_IMAGE_TOWER) : null, what);
            }
        }
        Path encoder = changes.speechEncoder() != null ? changes.speechEncoder() : source.component(ModelBundle.SPEECH_ENCODER);
        if (changes.languageIdentifier() != null) {
            checkIdentifier(changes.languageIdentifier(), encoder, what);
        }
        boolean newEncoder = changes.speechEncoder() != null;
        Path sourceDir = m.components().isEmpty() ? null
                : source.component(m.components().keySet().iterator().next()).getParent();
        if (sourceDir != null && Files.exists(target) && isSameDirectory(sourceDir, target)) {
            throw new BundleException(what + "the target " + target + " is the source bundle's own directory; "
                    + "write the retuned bundle to another directory");
        }

        BundleWriter writer = new BundleWriter(m.name(), version);
        m.languages().forEach(writer::language);
        for (String role : m.components().keySet()) {
            boolean replaced = captionPrior != null && role.equals(ModelBundle.CAPTION_PRIOR)
                    || changes.rankerTower() != null && role.equals(ModelBundle.RANKER_IMAGE_TOWER)
                    || newEncoder && role.equals(ModelBundle.SPEECH_ENCODER)
                    || (newEncoder || changes.languageIdentifier() != null) && role.equals(ModelBundle.LANGUAGE_IDENTIFIER);
            if (!replaced) {
                writer.component(role, source.component(role));
            }
        }
        if (captionPrior != null) {
            writer.component(ModelBundle.CAPTION_PRIOR, captionPrior, CaptionPrior.FILE_NAME);
        }
        if (changes.rankerTower() != null) {
            writer.component(ModelBundle.RANKER_IMAGE_TOWER, changes.rankerTower(), RANKER_FILE_NAME);
        }
        if (newEncoder) {
            writer.component(ModelBundle.SPEECH_ENCODER, changes.speechEncoder(), ENCODER_FILE_NAME);
        }
        if (changes.languageIdentifier() != null) {
            writer.component(ModelBundle.LANGUAGE_IDENTIFIER, changes.languageIdentifier(), IDENTIFIER_FILE_NAME);
        }
        Set<String> rewritten = Set.of(BundleSettings.SAMPLER, BundleSettings.SELECTION, BundleSettings.CAPTION_PRIOR);
        for (Map.Entry<String, JsonObject> s : m.settings().entrySet()) {
            if (!rewritten.contains(s.getKey())) {
                writer.settings(s.getKey(), s.getValue());
            }
        }
        writer.settings(BundleSettings.SAMPLER, BundleSettings.sampler(sampler));
        if (candidates > 1) {
            writer.settings(BundleSettings.SELECTION, BundleSettings.selection(candidates));
        }
        if (hasPrior) {
            writer.settings(BundleSettings.CAPTION_PRIOR, BundleSettings.captionPrior(
                    captionPriorUse != null ? captionPriorUse : BundleSettings.captionPriorUse(source)));
        }
        m.provenance().forEach(writer::provenance);
        writer.provenance(FROM, m.name() + "@" + m.version());
        writer.provenance(COMMAND, command == null || command.isBlank() ? "BundleRetuner.retune" : command);
        if (newEncoder) {
            writer.provenance(ENCODER_FROM, changes.speechEncoder().toAbsolutePath().normalize().toString());
        } else {
            m.figures().forEach(writer::figure);
        }
        return writer.write(target);
    }

    private static int conditionWidth(ModelBundle source) {
        try (DenoiserModel denoiser = DenoiserModel.load(source.component(ModelBundle.DENOISER), RuntimeConfig.defaults())) {
            return denoiser.config().conditionDim();
        }
    }

    /** Refuses an encoder that does not load, lacks one of the bundle's languages, or embeds at another width. */
    private static void checkEncoder(Path file, int width, java.util.List<String> languages, String what) {
        try (SpeechEncoder encoder = SpeechEncoder.load(file, RuntimeConfig.defaults())) {
            if (encoder.config().outputDim() != width) {
                throw new BundleException(what + "the speech encoder " + file + " embeds " + encoder.config().outputDim()
                        + "-d vectors but the denoiser is conditioned on " + width + "-d vectors");
            }
            java.util.List<String> missing = languages.stream().filter(l -> !encoder.languages().contains(l)).toList();
            if (!missing.isEmpty()) {
                throw new BundleException(what + "the speech encoder " + file + " serves " + encoder.languages()
                        + " but the bundle needs " + languages + " (missing " + missing + ")");
            }
        } catch (ModelLoadException | org.speaktheart.encoder.EncoderException e) {
            throw new BundleException(what + "cannot use " + file + " as a speech encoder: " + e.getMessage(), e);
        }
    }

    /** Refuses a language identifier that does not load or is bound to another encoder than the bundle's. */
    private static void checkIdentifier(Path file, Path encoder, String what) {
        String encoderHash = org.speaktheart.teacher.Embeddings.sha256(encoder);
        try (LanguageIdentifier id = LanguageIdentifier.load(file, RuntimeConfig.defaults())) {
            if (!id.encoderSha256().equalsIgnoreCase(encoderHash)) {
                throw new BundleException(what + "the language identifier " + file + " was trained on the frames of encoder "
                        + id.encoderSha256() + ", not on the bundle's speech encoder " + encoderHash);
            }
        } catch (ModelLoadException | org.speaktheart.encoder.EncoderException e) {
            throw new BundleException(what + "cannot use " + file + " as a language identifier: " + e.getMessage(), e);
        }
    }

    /** Refuses a prior file that is not a caption prior or does not map to the denoiser's condition width. */
    private static void checkPrior(Path file, int width, String what) {
        try (CaptionPrior prior = CaptionPrior.load(file, RuntimeConfig.defaults())) {
            if (prior.dim() != width) {
                throw new BundleException(what + "the caption prior " + file + " maps " + prior.dim()
                        + "-d embeddings but the denoiser is conditioned on " + width + "-d vectors");
            }
        } catch (ModelLoadException e) {
            throw new BundleException(what + "cannot use " + file + " as a caption prior: " + e.getMessage(), e);
        }
    }

    private static boolean isSameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
