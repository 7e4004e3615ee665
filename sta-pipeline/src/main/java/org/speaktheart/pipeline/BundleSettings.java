package org.speaktheart.pipeline;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.sampling.SamplingStrategy;
import org.speaktheart.diffusion.schedule.NoiseSchedule;
import org.speaktheart.diffusion.schedule.NoiseScheduleJson;
import org.speaktheart.pipeline.bundle.BundleException;
import org.speaktheart.pipeline.bundle.ModelBundle;

/**
 * The run-time settings a pipeline bundle carries besides its models, and their JSON form in
 * {@code bundle.json}: the diffusion noise schedule ({@value #SCHEDULE}) and the default sampler
 * settings ({@value #SAMPLER}).
 */
public final class BundleSettings {
    /** Settings name of the noise schedule (the sta-diffusion schedule JSON). */
    public static final String SCHEDULE = "schedule";
    /** Settings name of the default sampler settings. */
    public static final String SAMPLER = "sampler";

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
