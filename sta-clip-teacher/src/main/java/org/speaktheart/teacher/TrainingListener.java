package org.speaktheart.teacher;

/** Called by {@link ImageTowerTrainer} every {@code reportInterval} steps and at the end. */
@FunctionalInterface
public interface TrainingListener {
    /** Does nothing. */
    TrainingListener NONE = (step, loss, scale, tower) -> { };

    /**
     * @param step completed steps
     * @param loss the loss of the last step
     * @param scale the current {@code exp(logit_scale)}
     * @param tower the model being trained (raw weights), e.g. for a held-out evaluation
     */
    void onReport(long step, double loss, float scale, TrainedImageTower tower);
}
