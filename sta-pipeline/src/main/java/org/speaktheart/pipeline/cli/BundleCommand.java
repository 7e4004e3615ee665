package org.speaktheart.pipeline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.schedule.NoiseSchedule;
import org.speaktheart.pipeline.BundleRetuner;
import org.speaktheart.pipeline.BundleSettings;
import org.speaktheart.pipeline.bundle.BundleManifest;
import org.speaktheart.pipeline.bundle.DefaultBundle;
import org.speaktheart.pipeline.bundle.ModelBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sta bundle}: work on model bundles without training ({@code sta bundle show | retune}). */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Works on model bundles without training.",
        subcommands = {BundleCommand.Show.class, BundleCommand.Retune.class, CommandLine.HelpCommand.class})
final class BundleCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code sta bundle show}: verifies a bundle and prints what it holds and its run-time defaults. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Verifies a bundle (the embedded default without --bundle): every component against its SHA-256,",
                    "the schedule and the default settings; then prints its languages, defaults, components, provenance",
                    "and figures."})
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
                out.printf(Locale.ROOT, "candidates  %d per image%s%n", candidates, candidates > 1 ? " (best by the teacher)" : "");
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
    @Command(name = "retune", mixinStandardHelpOptions = true,
            description = {"Writes a copy of a bundle (the embedded default without --bundle) under a new --version whose",
                    "default sampler settings and candidates per image are the source's with the given options replaced.",
                    "The models, schedule, provenance and figures are copied unchanged; nothing is trained."})
    static final class Retune implements Callable<Integer> {
        @Option(names = "--bundle", description = "Source bundle directory (default: the embedded default model).")
        private Path bundle;

        @Option(names = {"-o", "--out"}, required = true, description = "Directory of the new bundle.")
        private Path out;

        @Option(names = "--version", required = true, description = "Version of the new bundle (must differ from the source's).")
        private String version;

        @Mixin
        private SamplerOverrides overrides = new SamplerOverrides();

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            try (ModelBundle source = DefaultBundle.open(bundle)) {
                SamplerConfig sampler = overrides.apply(BundleSettings.sampler(source));
                int candidates = overrides.candidates() > 0 ? overrides.candidates() : BundleSettings.candidates(source);
                BundleManifest m = BundleRetuner.retune(source, out, version, sampler, candidates,
                        "sta " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
                spec.commandLine().getOut().println(String.format(Locale.ROOT,
                        "%s@%s -> %s@%s in %s: %d steps, guidance %s, truncation %s, %s, %d candidate%s per image",
                        source.manifest().name(), source.manifest().version(), m.name(), m.version(), out, sampler.steps(),
                        sampler.guidanceScale(), sampler.truncationRate(), sampler.strategy(), candidates,
                        candidates == 1 ? "" : "s"));
            }
            return 0;
        }
    }
}
