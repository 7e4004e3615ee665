package org.speaktheart.diffusion.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.diffusion.DiffusionArgumentException;

class NoiseScheduleTest {

    private static final Tolerance EXACT = new Tolerance(1e-12, 1e-12);

    @Test
    void vqDiffusionDefaultMatchesTheOriginalNumbers() {
        NoiseSchedule s = NoiseSchedule.vqDiffusionDefault(974, 100);
        assertEquals(100, s.steps());
        assertEquals(974, s.maskToken());
        EXACT.assertClose(0.99999, s.alphaBar(1), "alphaBar(1)");
        EXACT.assertClose(0.000009, s.alphaBar(100), "alphaBar(T)");
        EXACT.assertClose(0.000009, s.gammaBar(1), "gammaBar(1)");
        EXACT.assertClose(0.99999, s.gammaBar(100), "gammaBar(T)");
        EXACT.assertClose(0.99999 + (0.000009 - 0.99999) * 49 / 99.0, s.alphaBar(50), "alphaBar(50) is linear");
        for (int t = 1; t <= 100; t++) {
            // alpha-bar + gamma-bar = 0.999999 everywhere: replacement 1e-6 in total.
            EXACT.assertClose(1e-6, s.replaceTotal(t), "K betaBar(" + t + ")");
            assertTrue(s.beta(t) >= 0, "beta_" + t + " >= 0");
            EXACT.assertClose(1.0, s.alpha(t) + s.codebookSize() * s.beta(t) + s.gamma(t), "row sum at t=" + t);
        }
    }

    @Test
    void maskAndReplaceHasRealReplacementAtTheEnd() {
        NoiseSchedule s = NoiseSchedule.maskAndReplace(974, 100);
        EXACT.assertClose(0.9, s.gammaBar(100), "gammaBar(T)");
        EXACT.assertClose(0.099991, s.replaceTotal(100), "K betaBar(T)");
        EXACT.assertClose(1e-6, s.replaceTotal(1), "K betaBar(1)");
        for (int t = 1; t <= 100; t++) {
            assertTrue(s.beta(t) >= 0);
            EXACT.assertClose(1.0, s.alpha(t) + s.codebookSize() * s.beta(t) + s.gamma(t), "row sum at t=" + t);
            EXACT.assertClose(s.alphaBar(t - 1) * s.alpha(t), s.alphaBar(t), "alphaBar is the product of alphas");
            EXACT.assertClose(1 - (1 - s.gammaBar(t - 1)) * (1 - s.gamma(t)), s.gammaBar(t), "gammaBar recursion");
        }
    }

    @Test
    void jsonRoundTripIsExactAndAtomic(@TempDir Path dir) {
        NoiseSchedule s = NoiseSchedule.maskAndReplace(16, 12);
        NoiseSchedule back = NoiseScheduleJson.fromJson(NoiseScheduleJson.toJson(s));
        assertEquals(s, back);
        assertNotSame(s.alphaBar(), back.alphaBar());
        Path file = dir.resolve("schedule.json");
        NoiseScheduleJson.write(s, file);
        assertEquals(s, NoiseScheduleJson.read(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void jsonRejectsWrongFormatVersionAndShapes() {
        String good = NoiseScheduleJson.toJson(NoiseSchedule.vqDiffusionDefault(8, 4));
        assertRejected(good.replace("\"version\": 1", "\"version\": 2"), "unknown noise schedule version 2");
        assertRejected(good.replace("sta-noise-schedule", "other"), "format must be");
        assertRejected(good.replace("\"steps\": 4", "\"steps\": 5"), "must hold steps = 5");
        assertRejected("[1, 2]", "must be an object");
        assertRejected("{\"format\": ", "malformed");
        assertRejected(good.replace("\"codebookSize\": 8,", ""), "codebookSize");
    }

    private static void assertRejected(String json, String fragment) {
        DiffusionArgumentException e = assertThrows(DiffusionArgumentException.class, () -> NoiseScheduleJson.fromJson(json));
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    @Test
    void validationNamesTheProblem() {
        assertInvalid("codebookSize", () -> NoiseSchedule.vqDiffusionDefault(1, 10));
        assertInvalid("steps must be >= 2", () -> NoiseSchedule.vqDiffusionDefault(8, 1));
        assertInvalid("alphaBar[0] must be 1", () -> new NoiseSchedule("x", 4, new double[] {0.9, 0.5}, new double[] {0, 0.1}));
        assertInvalid("alphaBar[2]", () -> new NoiseSchedule("x", 4, new double[] {1, 0.5, 0.6}, new double[] {0, 0.1, 0.2}));
        assertInvalid("gammaBar[1]", () -> new NoiseSchedule("x", 4, new double[] {1, 0.5}, new double[] {0, 1.0}));
        assertInvalid("gammaBar[1]", () -> new NoiseSchedule("x", 4, new double[] {1, 0.5}, new double[] {0, 0.0}));
        assertInvalid("betaBar > 0", () -> new NoiseSchedule("x", 4, new double[] {1, 0.5}, new double[] {0, 0.5}));
        assertInvalid("negative beta_t", () -> new NoiseSchedule("x", 4, new double[] {1, 0.5, 0.45},
                new double[] {0, 0.1, 0.5}));
        assertInvalid("finite", () -> new NoiseSchedule("x", 4, new double[] {1, Double.NaN}, new double[] {0, 0.1}));
        assertInvalid("name", () -> new NoiseSchedule(" ", 4, new double[] {1, 0.5}, new double[] {0, 0.1}));
        assertInvalid("timestep", () -> NoiseSchedule.vqDiffusionDefault(8, 4).alpha(0));
    }

    private static void assertInvalid(String fragment, org.junit.jupiter.api.function.Executable build) {
        DiffusionArgumentException e = assertThrows(DiffusionArgumentException.class, build);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should contain '" + fragment + "'");
    }
}
