package org.speaktheart.audio.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.audio.AudioConfigException;

class FeatureWarpTest {

    private static float[][] random(int frames, int channels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] f = new float[frames][channels];
        for (float[] row : f) {
            for (int m = 0; m < channels; m++) {
                row[m] = (float) r.nextGaussian();
            }
        }
        return f;
    }

    @Test
    void unitFactorsCopyExactly() {
        float[][] in = random(37, 80, 1);
        float[][] out = FeatureWarp.apply(in, 1, 1);
        assertArrayEquals(in, out);
        out[0][0] += 1;
        assertEquals(random(37, 80, 1)[0][0], in[0][0], "input untouched");
    }

    @Test
    void matchesBilinearReferenceOnAPlane() {
        // Linear interpolation is exact on a plane, so the warped plane has a closed form.
        int frames = 50;
        int channels = 40;
        float[][] in = new float[frames][channels];
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < channels; m++) {
                in[t][m] = 0.5f * t + 0.25f * m;
            }
        }
        for (double a : new double[] {0.8, 0.93, 1.0, 1.17}) {
            for (double b : new double[] {0.75, 1.0, 1.3}) {
                float[][] out = FeatureWarp.apply(in, a, b);
                int outFrames = (int) Math.round(frames * b);
                assertEquals(outFrames, out.length);
                double scale = (frames - 1) / (double) (outFrames - 1);
                for (int t = 0; t < outFrames; t++) {
                    for (int m = 0; m < channels; m++) {
                        double expected = 0.5 * Math.min(t * scale, frames - 1) + 0.25 * Math.min(m / a, channels - 1);
                        assertEquals(expected, out[t][m], 1e-4, "a=" + a + " b=" + b + " t=" + t + " m=" + m);
                    }
                }
            }
        }
    }

    @Test
    void channelWarpMovesAPeakByTheFactor() {
        float[][] in = new float[3][80];
        for (float[] row : in) {
            row[20] = 1;
        }
        float[][] up = FeatureWarp.apply(in, 1.2, 1);
        assertEquals(24, argMax(up[1]));
        float[][] down = FeatureWarp.apply(in, 0.8, 1);
        assertEquals(16, argMax(down[1]));
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void randomFactorsStayInRangeAndAreSeeded() {
        float[][] in = random(100, 20, 2);
        FeatureWarp warp = new FeatureWarp(0.1, 0.2);
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        for (long seed = 0; seed < 200; seed++) {
            float[][] out = warp.apply(in, new SplittableRandom(seed));
            assertArrayEquals(out, warp.apply(in, new SplittableRandom(seed)));
            shortest = Math.min(shortest, out.length);
            longest = Math.max(longest, out.length);
        }
        assertTrue(shortest >= 80 && shortest < 85, "shortest " + shortest);
        assertTrue(longest <= 120 && longest > 115, "longest " + longest);
    }

    @Test
    void zeroAmountsAreTheIdentityAndDrawNothing() {
        float[][] in = random(10, 8, 3);
        SplittableRandom used = new SplittableRandom(5);
        assertArrayEquals(in, new FeatureWarp(0, 0).apply(in, used));
        assertEquals(new SplittableRandom(5).nextLong(), used.nextLong());
        assertEquals(0, FeatureWarp.apply(new float[0][], 1.1, 0.9).length);
        assertEquals(1, FeatureWarp.apply(random(1, 8, 4), 1.1, 1.4).length);
    }

    @Test
    void badAmountsAreRefusedByName() {
        assertTrue(assertThrows(AudioConfigException.class, () -> new FeatureWarp(-0.1, 0)).getMessage()
                .contains("channelWarp"));
        assertTrue(assertThrows(AudioConfigException.class, () -> new FeatureWarp(0, 0.5)).getMessage()
                .contains("timeStretch"));
        assertThrows(AudioConfigException.class, () -> new FeatureWarp(Double.NaN, 0));
        assertThrows(AudioConfigException.class, () -> FeatureWarp.apply(new float[1][1], 0, 1));
    }
}
