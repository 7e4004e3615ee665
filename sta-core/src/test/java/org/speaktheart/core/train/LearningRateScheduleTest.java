package org.speaktheart.core.train;

import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;

class LearningRateScheduleTest {

    private static final Tolerance EXACT = new Tolerance(1e-15, 1e-12);

    @Test
    void warmupThenCosine() {
        LearningRateSchedule s = new LearningRateSchedule(1e-3, 14, 4, LrDecay.cosine(1e-4));
        EXACT.assertClose(2.5e-4, s.rate(0), "warm-up step 0 = base * 1/4");
        EXACT.assertClose(7.5e-4, s.rate(2), "warm-up step 2 = base * 3/4");
        EXACT.assertClose(1e-3, s.rate(3), "last warm-up step reaches base");
        EXACT.assertClose(1e-3, s.rate(4), "first cosine step is at the base rate");
        EXACT.assertClose(5.5e-4, s.rate(9), "half way: (base + min) / 2");
        EXACT.assertClose(1e-4 + 9e-4 * 0.5 * (1 + Math.cos(Math.PI * 0.9)), s.rate(13), "last step");
        EXACT.assertClose(1.2202456766718092E-4, s.rate(13), "last step, literal");
    }

    @Test
    void constantAfterWarmup() {
        LearningRateSchedule s = new LearningRateSchedule(0.1, 10, 2, LrDecay.constant());
        EXACT.assertClose(0.05, s.rate(0), "warm-up");
        EXACT.assertClose(0.1, s.rate(2), "after warm-up");
        EXACT.assertClose(0.1, s.rate(9), "last");
    }

    @Test
    void plateauReducesAfterPatienceAndRespectsFloor() {
        LrDecay decay = LrDecay.plateau(0.5, 2, 2, 0.01, 0.1);
        LearningRateSchedule s = new LearningRateSchedule(1.0, 100, 0, decay);
        double[] losses = {1, 1, 0.5, 0.5, 0.5, 0.5, 0.6, 0.6};
        for (int i = 0; i < losses.length; i++) {
            EXACT.assertClose(1.0, s.rate(i), "before the plateau, step " + i);
            s.observe(i, losses[i]);
        }
        // windows: mean 1 (best), 0.5 (best), 0.5 (bad 1), 0.6 (bad 2 -> halve)
        EXACT.assertClose(0.5, s.rate(8), "after two bad windows");

        LearningRateSchedule resumed = new LearningRateSchedule(1.0, 100, 0, decay);
        s.observe(8, 0.5); // half a window, so the restored state carries an open window
        resumed.restore(s.state());
        for (int i = 9; i < 30; i++) {
            s.observe(i, 0.5);
            resumed.observe(i, 0.5);
            EXACT.assertClose(s.rate(i + 1), resumed.rate(i + 1), "restored schedule at step " + (i + 1));
        }
        // every further 2 windows (4 steps) halve again: 0.25, 0.125, then the floor 0.1
        EXACT.assertClose(0.1, s.rate(30), "floor");
    }

    @Test
    void plateauIgnoresWarmupLosses() {
        LearningRateSchedule s = new LearningRateSchedule(1.0, 100, 3, LrDecay.plateau(0.5, 1, 1, 0, 0));
        s.observe(0, 10);
        s.observe(1, 10);
        s.observe(2, 10);
        EXACT.assertClose(1.0, s.rate(3), "no decision during warm-up");
        s.observe(3, 1); // first window after warm-up sets best
        s.observe(4, 1); // not better -> bad window -> patience 1 -> halve
        EXACT.assertClose(0.5, s.rate(5), "halved");
    }
}
