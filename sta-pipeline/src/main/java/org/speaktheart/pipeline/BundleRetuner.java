package org.speaktheart.pipeline;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.pipeline.bundle.BundleException;
import org.speaktheart.pipeline.bundle.BundleManifest;
import org.speaktheart.pipeline.bundle.BundleWriter;
import org.speaktheart.pipeline.bundle.ModelBundle;

/**
 * Writes a copy of a model bundle under a new version with other run-time defaults: the default
 * sampler settings ({@value BundleSettings#SAMPLER}) and the candidates ranked per image
 * ({@value BundleSettings#SELECTION}). Nothing is trained: the component files are copied byte for
 * byte, and the languages, the noise schedule, every other setting, the training provenance and the
 * figures are carried over, so the new bundle generates exactly what its source generates when the
 * same settings are given per request. Its provenance adds {@value #FROM} (the source's
 * {@code name@version}) and {@value #COMMAND}; a bundle retuned twice names only its last source.
 */
public final class BundleRetuner {
    /** Provenance key naming the bundle a retuned bundle was copied from ({@code name@version}). */
    public static final String FROM = "retune.from";
    /** Provenance key holding the command (or description) that retuned the bundle. */
    public static final String COMMAND = "retune.command";

    private BundleRetuner() {
    }

    /**
     * Writes the retuned copy of {@code source} to {@code target} (atomically, as {@link BundleWriter} does).
     *
     * @param source the bundle to copy (verified when it was opened)
     * @param target the new bundle directory; must not be the source's own directory
     * @param version the new bundle's version; must differ from the source's
     * @param sampler the new default sampler; its steps must not exceed the schedule's T
     * @param candidates the new default candidates per image, 1..{@value GenerationOptions#MAX_CANDIDATES};
     *     more than 1 needs the source's {@link ModelBundle#TEACHER_IMAGE_TOWER}
     * @param command how the bundle was retuned, recorded in its provenance (e.g. the command line)
     * @return the manifest written
     * @throws BundleException when a setting is refused (the message says which and what is accepted)
     *     or the bundle cannot be written
     */
    public static BundleManifest retune(ModelBundle source, Path target, String version, SamplerConfig sampler,
                                        int candidates, String command) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(sampler, "sampler");
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
        if (candidates > 1 && !source.has(ModelBundle.TEACHER_IMAGE_TOWER)) {
            throw new BundleException(what + "ranking " + candidates + " candidates needs a '"
                    + ModelBundle.TEACHER_IMAGE_TOWER + "' component, which this bundle does not have; only 1 is accepted");
        }
        Path sourceDir = m.components().isEmpty() ? null
                : source.component(m.components().keySet().iterator().next()).getParent();
        if (sourceDir != null && Files.exists(target) && isSameDirectory(sourceDir, target)) {
            throw new BundleException(what + "the target " + target + " is the source bundle's own directory; "
                    + "write the retuned bundle to another directory");
        }

        BundleWriter writer = new BundleWriter(m.name(), version);
        m.languages().forEach(writer::language);
        for (String role : m.components().keySet()) {
            writer.component(role, source.component(role));
        }
        for (Map.Entry<String, JsonObject> s : m.settings().entrySet()) {
            if (!s.getKey().equals(BundleSettings.SAMPLER) && !s.getKey().equals(BundleSettings.SELECTION)) {
                writer.settings(s.getKey(), s.getValue());
            }
        }
        writer.settings(BundleSettings.SAMPLER, BundleSettings.sampler(sampler));
        if (candidates > 1) {
            writer.settings(BundleSettings.SELECTION, BundleSettings.selection(candidates));
        }
        m.provenance().forEach(writer::provenance);
        writer.provenance(FROM, m.name() + "@" + m.version());
        writer.provenance(COMMAND, command == null || command.isBlank() ? "BundleRetuner.retune" : command);
        m.figures().forEach(writer::figure);
        return writer.write(target);
    }

    private static boolean isSameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
