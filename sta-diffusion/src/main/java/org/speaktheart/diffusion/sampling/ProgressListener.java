package org.speaktheart.diffusion.sampling;

/** Receives a {@link SamplingProgress} after every denoising step (on the sampling thread). */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = progress -> { };

    /** Called once per step, in order. */
    void onStep(SamplingProgress progress);
}
