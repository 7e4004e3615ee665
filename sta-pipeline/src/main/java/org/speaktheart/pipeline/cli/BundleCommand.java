package org.speaktheart.pipeline.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.schedule.NoiseSchedule;
import org.speaktheart.pipeline.BundleRetuner;
import org.speaktheart.pipeline.BundleSettings;
import org.speaktheart.pipeline.CandidateRanker;
import org.speaktheart.pipeline.bundle.BundleManifest;
import org.speaktheart.pipeline.bundle.DefaultBundle;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.pipeline.prior.CaptionPrior;
import org.speaktheart.teacher.ImageTextTeacher;
import org.speaktheart.teacher.LockedTextTeacher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sta bundle}: work on model bundles without training ({@code sta bundle show | retune | caption-prior}). */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Works on model bundles without training.",
        subcommands = {BundleCommand.Show.class, BundleCommand.Retune.class, BundleCommand.CaptionPriorFile.class,
                CommandLine.HelpCommand.class})
final class BundleCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code sta bundle show}: verifies a bundle and prints what it holds and its run-time defaults. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Verifies a bundle (the embedded default without --bundle): every component against its SHA-256, "
                    + "the schedule and the default settings; then prints its languages, defaults, components, provenance "
                    + "and figures.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--bundle", description = "Bundle directory (default: the embedded default model).")
        private Path bundle;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            try (ModelBundle b = DefaultBundle.open(bundle)) {
                BundleManifest m = b.manifest();
                SamplerConfig sampler = BundleSettings.sampler(b);
                int candidates = BundleSettings.candidates(b);
                NoiseSchedule schedule = BundleSettings.schedule(b);
                PrintWriter out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "%s %s from %s (%d component hashes verified)%n", m.name(), m.version(), b.source(),
                        m.components().size());
                out.printf(Locale.ROOT, "languages   %s%n", String.join(", ", m.languages()));
                out.printf(Locale.ROOT, "sampler     %d steps, guidance %s, truncation %s, %s%s%n", sampler.steps(),
                        sampler.guidanceScale(), sampler.truncationRate(), sampler.strategy(),
                        sampler.purityWeight() > 0 ? ", purity weight " + sampler.purityWeight() : "");
                out.printf(Locale.ROOT, "candidates  %d per image%s%n", candidates,
                        candidates > 1 ? " (best by the " + CandidateRanker.towerRole(b) + ")" : "");
                if (b.has(ModelBundle.CAPTION_PRIOR)) {
                    out.printf(Locale.ROOT, "prior       caption prior used for %s%n", BundleSettings.captionPriorUse(b).id());
                }
                out.printf(Locale.ROOT, "schedule    %s, T = %d, codebook %d%n", schedule.name(), schedule.steps(),
                        schedule.codebookSize());
                out.println("components");
                m.components().forEach((role, c) -> out.printf(Locale.ROOT, "  %-20s %-28s %,12d bytes  sha256 %s%n", role,
                        c.file(), c.bytes(), c.sha256()));
                out.println("provenance");
                m.provenance().forEach((k, v) -> out.printf(Locale.ROOT, "  %s = %s%n", k, v));
                out.println("figures");
                m.figures().forEach((k, v) -> out.printf(Locale.ROOT, "  %s = %s%n", k, v));
                out.flush();
            }
            return 0;
        }
    }

    /** {@code sta bundle retune}: a copy of a bundle under a new version with other sampler and ranking defaults. */
    @Command(name = "retune",
            description = "Writes a copy of a bundle (the embedded default without --bundle) under a new --version whose "
                    + "default sampler settings and candidates per image are the source's with the given options replaced, "
                    + "optionally with a caption prior or a ranker image tower added, or another speech encoder put in. The "
                    + "other models, the schedule, the provenance and (unless the encoder changes) the figures are copied "
                    + "unchanged; nothing is trained.")
    static final class Retune implements Callable<Integer> {
        // Help by hand: the standard help mixin also brings -V/--version, which this command's --version
        // (the new bundle's) displaces, and with it --help stopped working.
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        private boolean help;

        @Option(names = "--bundle", description = "Source bundle directory (default: the embedded default model).")
        private Path bundle;

        @Option(names = {"-o", "--out"}, required = true, description = "Directory of the new bundle.")
        private Path out;

        @Option(names = "--version", required = true, description = "Version of the new bundle (must differ from the source's).")
        private String version;

        @Mixin
        private SamplerOverrides overrides = new SamplerOverrides();

        @Option(names = "--caption-prior", paramLabel = "FILE",
                description = "Caption prior ONNX to add or to replace the source's (see 'sta bundle caption-prior').")
        private Path captionPrior;

        @Option(names = "--caption-prior-use", paramLabel = "USE",
                description = "What the caption prior is used for: 'condition' (the generator's condition) or 'ranking' "
                        + "(only what candidates are ranked against). Default: the source's use, else condition.")
        private String captionPriorUse;

        @Option(names = "--ranker-tower", paramLabel = "FILE",
                description = "Image tower ONNX trained against the teacher's locked text tower (e.g. by 'sta teacher train') "
                        + "to rank candidates instead of the teacher's tower; replaces the source's ranker.")
        private Path rankerTower;

        @Option(names = "--speech-encoder", paramLabel = "FILE",
                description = "Speech encoder ONNX to put in place of the source's (e.g. one continued on more voices by "
                        + "'sta encoder adapt'); it must serve the bundle's languages at the denoiser's condition width. "
                        + "The source's figures are not carried over, and its language identifier only with --language-identifier.")
        private Path speechEncoder;

        @Option(names = "--language-identifier", paramLabel = "FILE",
                description = "Language identifier ONNX trained on the new bundle's encoder ('sta encoder langid'); replaces the source's.")
        private Path languageIdentifier;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            CaptionPrior.Use use = captionPriorUse == null ? null : CaptionPrior.Use.parse(captionPriorUse);
            try (ModelBundle source = DefaultBundle.open(bundle)) {
                SamplerConfig sampler = overrides.apply(BundleSettings.sampler(source));
                int candidates = overrides.candidates() > 0 ? overrides.candidates() : BundleSettings.candidates(source);
                BundleRetuner.Changes changes = new BundleRetuner.Changes(sampler, candidates).withCaptionPrior(captionPrior, use)
                        .withRankerTower(rankerTower).withSpeechEncoder(speechEncoder, languageIdentifier);
                BundleManifest m = BundleRetuner.retune(source, out, version, changes,
                        "sta " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
                JsonObject prior = m.settings().get(BundleSettings.CAPTION_PRIOR);
                spec.commandLine().getOut().println(String.format(Locale.ROOT,
                        "%s@%s -> %s@%s in %s: %d steps, guidance %s, truncation %s, %s, %d candidate%s per image%s",
                        source.manifest().name(), source.manifest().version(), m.name(), m.version(), out, sampler.steps(),
                        sampler.guidanceScale(), sampler.truncationRate(), sampler.strategy(), candidates,
                        candidates == 1 ? "" : "s", prior == null ? "" : ", caption prior used for " + prior.get("use").getAsString()));
                if (speechEncoder != null) {
                    spec.commandLine().getOut().println("speech encoder from " + speechEncoder + "; "
                            + (m.components().containsKey(ModelBundle.LANGUAGE_IDENTIFIER) ? "language identifier from "
                            + languageIdentifier : "no language identifier (name the language per request)")
                            + "; the source's figures were not carried over");
                }
            }
            return 0;
        }
    }

    /** {@code sta bundle caption-prior}: writes a caption prior over a manifest's train captions, for {@code retune}. */
    @Command(name = "caption-prior", mixinStandardHelpOptions = true,
            description = "Writes a caption prior ONNX: the teacher's text embeddings of every distinct English caption of "
                    + "the manifest's train split, mixed by a softmax over their cosine to a speech embedding at --temperature. "
                    + "Nothing is trained; add it to a bundle with 'sta bundle retune --caption-prior FILE'.")
    static final class CaptionPriorFile implements Callable<Integer> {
        @Option(names = "--manifest", required = true, description = "Dataset manifest (JSON lines) whose train captions make the memory.")
        private Path manifest;

        @Option(names = "--teacher-tower", required = true,
                description = "Image tower ONNX of the locked-text teacher the bundle's models were trained against.")
        private Path teacherTower;

        @Option(names = "--temperature", defaultValue = "0.02", description = "Softmax temperature tau, > 0 (default: ${DEFAULT-VALUE}).")
        private double temperature;

        @Option(names = {"-o", "--out"}, required = true, description = "The prior's ONNX file.")
        private Path out;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            Manifest m = ManifestIO.read(manifest);
            List<String> captions = CaptionPrior.memoryRecords(m).stream().map(ManifestRecord::caption).toList();
            CaptionPrior.checkTemperature(temperature); // before the teacher spends time on the captions
            PrintWriter log = spec.commandLine().getOut();
            log.printf(Locale.ROOT, "embedding %d distinct English train captions of %s with the teacher%n", captions.size(), manifest);
            log.flush();
            float[][] memory;
            String teacherId;
            try (ImageTextTeacher teacher = LockedTextTeacher.load(teacherTower, RuntimeConfig.defaults(), 64)) {
                memory = teacher.embedTexts(captions);
                teacherId = teacher.identity();
            }
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("teacher", teacherId);
            provenance.put("captions", "distinct English captions of the train split of " + manifest.getFileName());
            AtomicFiles.write(out, CaptionPrior.export(memory, temperature, provenance));
            log.printf(Locale.ROOT, "wrote %s: %d captions, temperature %s%n", out, memory.length, temperature);
            return 0;
        }
    }
}
