package org.speaktheart.pipeline;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.sampling.SamplingStrategy;
import org.speaktheart.diffusion.schedule.NoiseSchedule;
import org.speaktheart.diffusion.schedule.NoiseScheduleJson;
import org.speaktheart.pipeline.bundle.BundleException;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.pipeline.prior.CaptionPrior;

/**
 * The run-time settings a pipeline bundle carries besides its models, and their JSON form in
 * {@code bundle.json}: the diffusion noise schedule ({@value #SCHEDULE}) and the default sampler
 * settings ({@value #SAMPLER}) and, optionally, how many candidates to rank per image
 * ({@value #SELECTION}, {@code {"candidates": K}}; absent means 1) and what the bundle's caption prior
 * is used for ({@value #CAPTION_PRIOR}, {@code {"use": "condition" | "ranking"}}; absent means condition).
 */
public final class BundleSettings {
    /** Settings name of the noise schedule (the sta-diffusion schedule JSON). */
    public static final String SCHEDULE = "schedule";
    /** Settings name of the default sampler settings. */
    public static final String SAMPLER = "sampler";
    /** Settings name of the candidate selection ({@code {"candidates": K}}). */
    public static final String SELECTION = "selection";
    /** Settings name of the caption prior's use ({@code {"use": "ranking"}}). */
    public static final String CAPTION_PRIOR = "captionPrior";

    private BundleSettings() {
    }

    /** The schedule as a settings object. */
    public static JsonObject schedule(NoiseSchedule schedule) {
        return JsonParser.parseString(NoiseScheduleJson.toJson(schedule)).getAsJsonObject();
    }

    /** Sampler settings as a settings object. */
    public static JsonObject sampler(SamplerConfig c) {
        JsonObject o = new JsonObject();
        o.addProperty("steps", c.steps());
        o.addProperty("guidanceScale", c.guidanceScale());
        o.addProperty("truncationRate", c.truncationRate());
        o.addProperty("strategy", c.strategy().name());
        o.addProperty("purityWeight", c.purityWeight());
        return o;
    }

    /** Candidate selection as a settings object. */
    public static JsonObject selection(int candidates) {
        JsonObject o = new JsonObject();
        o.addProperty("candidates", candidates);
        return o;
    }

    /** A caption prior's use as a settings object. */
    public static JsonObject captionPrior(CaptionPrior.Use use) {
        JsonObject o = new JsonObject();
        o.addProperty("use", use.id());
        return o;
    }

    /**
     * Reads what a bundle's caption prior is used for: {@link CaptionPrior.Use#CONDITION} when it has no
     * {@value #CAPTION_PRIOR} settings (the use of every bundle written before the setting existed).
     *
     * @throws BundleException when the setting is invalid, or names a use but the bundle has no prior
     */
    public static CaptionPrior.Use captionPriorUse(ModelBundle bundle) {
        JsonObject o = bundle.settings(CAPTION_PRIOR).orElse(null);
        if (o == null) {
            return CaptionPrior.Use.CONDITION;
        }
        if (!bundle.has(ModelBundle.CAPTION_PRIOR)) {
            throw new BundleException("bundle " + bundle.source() + " sets " + CAPTION_PRIOR + " " + o + " but has no '"
                    + ModelBundle.CAPTION_PRIOR + "' component");
        }
        try {
            return CaptionPrior.Use.parse(o.get("use").getAsString());
        } catch (RuntimeException e) {
            throw new BundleException("bundle " + bundle.source() + ": invalid " + CAPTION_PRIOR + " settings " + o + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads the default candidates per image of a bundle: 1 when it has no {@value #SELECTION} settings.
     *
     * @throws BundleException when the setting is invalid
     */
    public static int candidates(ModelBundle bundle) {
        JsonObject o = bundle.settings(SELECTION).orElse(null);
        if (o == null) {
            return 1;
        }
        int k;
        try {
            k = o.get("candidates").getAsInt();
        } catch (RuntimeException e) {
            throw new BundleException("bundle " + bundle.source() + ": invalid selection settings " + o + ": " + e.getMessage(), e);
        }
        String refusal = GenerationOptions.candidatesRefusal(k);
        if (refusal != null) {
            throw new BundleException("bundle " + bundle.source() + ": selection." + refusal);
        }
        return k;
    }

    /**
     * Reads the schedule of a bundle.
     *
     * @throws BundleException when it is missing or invalid
     */
    public static NoiseSchedule schedule(ModelBundle bundle) {
        JsonObject o = bundle.settings(SCHEDULE).orElseThrow(() ->
                new BundleException("bundle " + bundle.source() + " has no '" + SCHEDULE + "' settings"));
        try {
            return NoiseScheduleJson.fromJson(o.toString());
        } catch (IllegalArgumentException e) {
            throw new BundleException("bundle " + bundle.source() + ": invalid noise schedule: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the default sampler settings of a bundle.
     *
     * @throws BundleException when they are missing or invalid
     */
    public static SamplerConfig sampler(ModelBundle bundle) {
        JsonObject o = bundle.settings(SAMPLER).orElseThrow(() ->
                new BundleException("bundle " + bundle.source() + " has no '" + SAMPLER + "' settings"));
        try {
            return SamplerConfig.builder().steps(o.get("steps").getAsInt())
                    .guidanceScale(o.get("guidanceScale").getAsDouble())
                    .truncationRate(o.get("truncationRate").getAsDouble())
                    .strategy(SamplingStrategy.valueOf(o.get("strategy").getAsString()))
                    .purityWeight(o.get("purityWeight").getAsDouble()).build();
        } catch (RuntimeException e) {
            throw new BundleException("bundle " + bundle.source() + ": invalid sampler settings " + o + ": "
                    + e.getMessage(), e);
        }
    }
}
