package org.speaktheart.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class TrainingConfigTest {

    private static void assertRejected(TrainingConfig.Builder builder, String field) {
        TrainingConfigException e = assertThrows(TrainingConfigException.class, builder::build);
        assertTrue(e.getMessage().startsWith("TrainingConfig." + field + " "), e.getMessage());
    }

    @Test
    void defaultsAndRoundTrip() {
        TrainingConfig c = TrainingConfig.builder().steps(10).checkpointDir(Path.of("ck")).emaDecay(0.99).build();
        assertEquals(1e-3, c.learningRate());
        assertEquals(0.01, c.weightDecay());
        assertTrue(c.emaEnabled());
        assertEquals(c, c.toBuilder().build());
        assertTrue(c.metrics().isEmpty());
    }

    @Test
    void rejectsBadFieldsByName() {
        assertRejected(TrainingConfig.builder(), "steps");
        assertRejected(TrainingConfig.builder().steps(5).learningRate(0), "learningRate");
        assertRejected(TrainingConfig.builder().steps(5).learningRate(Double.NaN), "learningRate");
        assertRejected(TrainingConfig.builder().steps(5).betas(1.0, 0.9), "beta1");
        assertRejected(TrainingConfig.builder().steps(5).betas(0.9, -0.1), "beta2");
        assertRejected(TrainingConfig.builder().steps(5).epsilon(0), "epsilon");
        assertRejected(TrainingConfig.builder().steps(5).weightDecay(-1), "weightDecay");
        assertRejected(TrainingConfig.builder().steps(5).warmupSteps(6), "warmupSteps");
        assertRejected(TrainingConfig.builder().steps(5).decay(null), "decay");
        assertRejected(TrainingConfig.builder().steps(5).decay(LrDecay.cosine(1)), "decay.minLearningRate");
        assertRejected(TrainingConfig.builder().steps(5).decay(LrDecay.plateau(1.0, 1, 1, 0, 0)), "decay.factor");
        assertRejected(TrainingConfig.builder().steps(5).decay(LrDecay.plateau(0.5, 0, 1, 0, 0)), "decay.patience");
        assertRejected(TrainingConfig.builder().steps(5).decay(LrDecay.plateau(0.5, 1, 0, 0, 0)), "decay.windowSteps");
        assertRejected(TrainingConfig.builder().steps(5).clipNorm(-1), "clipNorm");
        assertRejected(TrainingConfig.builder().steps(5).emaDecay(1), "emaDecay");
        assertRejected(TrainingConfig.builder().steps(5).checkpointInterval(0), "checkpointInterval");
        assertRejected(TrainingConfig.builder().steps(5).keepCheckpoints(0), "keepCheckpoints");
        assertRejected(TrainingConfig.builder().steps(5).logInterval(0), "logInterval");
    }
}
