package org.speaktheart.diffusion.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.speaktheart.diffusion.DiffusionArgumentException;

class SamplerConfigTest {

    private static void rejects(String field, Supplier<SamplerConfig> build) {
        DiffusionArgumentException e = assertThrows(DiffusionArgumentException.class, build::get);
        assertTrue(e.getMessage().contains(field), "message must name " + field + ": " + e.getMessage());
    }

    @Test
    void defaultsAndValidation() {
        SamplerConfig c = SamplerConfig.builder().steps(20).build();
        assertEquals(1.0, c.guidanceScale());
        assertEquals(1.0, c.truncationRate());
        assertEquals(SamplingStrategy.ANCESTRAL, c.strategy());
        rejects("steps", () -> SamplerConfig.builder().build());
        rejects("steps", () -> SamplerConfig.builder().steps(0).build());
        rejects("guidanceScale", () -> SamplerConfig.builder().steps(1).guidanceScale(-0.5).build());
        rejects("guidanceScale", () -> SamplerConfig.builder().steps(1).guidanceScale(Double.NaN).build());
        rejects("truncationRate", () -> SamplerConfig.builder().steps(1).truncationRate(0).build());
        rejects("truncationRate", () -> SamplerConfig.builder().steps(1).truncationRate(1.01).build());
        rejects("strategy", () -> SamplerConfig.builder().steps(1).strategy(null).build());
        rejects("purityWeight", () -> SamplerConfig.builder().steps(1).purityWeight(-1).build());
        rejects("purityWeight", () -> SamplerConfig.builder().steps(1).purityWeight(2).build());
    }

    @Test
    void timeGridIsEvenAndEndsAtZero() {
        assertArrayEquals(new int[] {100, 95, 90, 85, 80, 75, 70, 65, 60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5, 0},
                TimeGrid.of(100, 20));
        assertArrayEquals(new int[] {7, 6, 5, 4, 3, 2, 1, 0}, TimeGrid.of(7, 7));
        assertArrayEquals(new int[] {7, 0}, TimeGrid.of(7, 1));
        assertArrayEquals(new int[] {10, 7, 3, 0}, TimeGrid.of(10, 3));
        assertThrows(DiffusionArgumentException.class, () -> TimeGrid.of(10, 11));
    }
}
