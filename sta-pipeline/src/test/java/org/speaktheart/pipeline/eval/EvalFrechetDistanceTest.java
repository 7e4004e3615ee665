package org.speaktheart.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.pipeline.eval.FrechetDistance.Gaussian;

/** Fréchet distance against closed forms, the fitted statistics against brute force, and diversity. */
class EvalFrechetDistanceTest {

    @Test
    void diagonalGaussiansMatchTheClosedForm() {
        double[] m1 = {0.5, -1, 2};
        double[] m2 = {1.5, 0, 2};
        double[] v1 = {4, 1, 0.25};
        double[] v2 = {1, 9, 0.25};
        double expected = 1 + 1 + 0;
        for (int i = 0; i < 3; i++) {
            expected += Math.pow(Math.sqrt(v1[i]) - Math.sqrt(v2[i]), 2);
        }
        double fd = FrechetDistance.between(new Gaussian(m1, diag(v1), 10), new Gaussian(m2, diag(v2), 10));
        new Tolerance(1e-10, 1e-10).assertClose(expected, fd, "diagonal FD");
    }

    @Test
    void nonCommutingTwoByTwoCovariancesMatchTheClosedForm() {
        double[][] s1 = {{2, 0.8}, {0.8, 1}};
        double[][] s2 = {{1, -0.3}, {-0.3, 3}};
        // tr sqrt(S1 S2) for 2x2: eigenvalues l1, l2 of S1 S2 give (sqrt l1 + sqrt l2)^2 = tr + 2 sqrt(det).
        double[][] p = {{s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0], s1[0][0] * s2[0][1] + s1[0][1] * s2[1][1]},
                {s1[1][0] * s2[0][0] + s1[1][1] * s2[1][0], s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1]}};
        double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0];
        double det2 = s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0];
        double cross = Math.sqrt(p[0][0] + p[1][1] + 2 * Math.sqrt(det1 * det2));
        double expected = 0.25 + 4 + (3 + 4) - 2 * cross;
        double fd = FrechetDistance.between(new Gaussian(new double[] {0, 0}, s1, 5), new Gaussian(new double[] {0.5, 2}, s2, 5));
        new Tolerance(1e-10, 1e-10).assertClose(expected, fd, "2x2 FD");
    }

    @Test
    void samplesFromRotatedGaussiansApproachThePopulationDistance() {
        // S = R D R^T with a shared rotation R: the covariances commute and FD has a closed form.
        double a = 0.6;
        double[][] r = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[] d1 = {4, 1, 0.5};
        double[] d2 = {1, 2, 0.5};
        double[] m1 = {0, 0, 0};
        double[] m2 = {1, -1, 0.5};
        double expected = 1 + 1 + 0.25;
        for (int i = 0; i < 3; i++) {
            expected += Math.pow(Math.sqrt(d1[i]) - Math.sqrt(d2[i]), 2);
        }
        SplittableRandom random = new SplittableRandom(11);
        float[][] x = sample(random, 40_000, m1, r, d1);
        float[][] y = sample(random, 40_000, m2, r, d2);
        double fd = FrechetDistance.between(x, y);
        assertEquals(expected, fd, 0.03 * expected, "sample FD near the population FD " + expected);
    }

    @Test
    void fittedStatisticsMatchBruteForce() {
        float[][] x = {{1, 2}, {3, 0}, {2, 5}};
        Gaussian g = Gaussian.fit(x);
        double mx = 2;
        double my = 7.0 / 3;
        double cxx = ((1 - mx) * (1 - mx) + (3 - mx) * (3 - mx) + 0) / 2;
        double cxy = ((1 - mx) * (2 - my) + (3 - mx) * (0 - my) + (2 - mx) * (5 - my)) / 2;
        double cyy = ((2 - my) * (2 - my) + (0 - my) * (0 - my) + (5 - my) * (5 - my)) / 2;
        Tolerance t = new Tolerance(1e-12, 1e-12);
        t.assertClose(mx, g.mean()[0], "mean x");
        t.assertClose(my, g.mean()[1], "mean y");
        t.assertClose(cxx, g.covariance()[0][0], "cov xx");
        t.assertClose(cxy, g.covariance()[0][1], "cov xy");
        t.assertClose(cxy, g.covariance()[1][0], "cov yx");
        t.assertClose(cyy, g.covariance()[1][1], "cov yy");
    }

    @Test
    void identicalSetsAreAtZeroAndSingularCovariancesStayFinite() {
        SplittableRandom random = new SplittableRandom(3);
        float[][] x = new float[5][16]; // fewer samples than dimensions: singular covariance
        for (float[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        assertEquals(0, FrechetDistance.between(x, x), 1e-8);
        float[][] shifted = new float[5][];
        for (int i = 0; i < 5; i++) {
            shifted[i] = x[i].clone();
            shifted[i][0] += 2;
        }
        // Only the mean moves: FD = |shift|^2 exactly.
        assertEquals(4, FrechetDistance.between(x, shifted), 1e-6);
    }

    @Test
    void badInputsAreRefused() {
        assertThrows(EvaluationException.class, () -> FrechetDistance.between(new float[][] {{1, 2}}, new float[][] {{1, 2}, {3, 4}}));
        assertThrows(EvaluationException.class, () -> FrechetDistance.between(new float[][] {{1, 2}, {2, 3}},
                new float[][] {{1, 2, 3}, {3, 4, 5}}));
        assertThrows(EvaluationException.class, () -> Gaussian.fit(new float[][] {{1, 2}, {3}}));
    }

    @Test
    void diversityOfKnownSamples() {
        float[][] orthogonal = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        new Tolerance(1e-12, 0).assertClose(Math.sqrt(2), Diversity.meanPairwiseFeatureDistance(orthogonal), "unit orthogonal");
        BufferedImage black = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        BufferedImage white = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                white.setRGB(x, y, Color.WHITE.getRGB());
                grey.setRGB(x, y, new Color(51, 51, 51).getRGB());
            }
        }
        // Pairs: black-white 1, black-grey 0.2, white-grey 0.8; mean 2/3.
        new Tolerance(1e-12, 0).assertClose(2.0 / 3, Diversity.meanPairwisePixelDistance(List.of(black, white, grey)), "pixels");
        assertEquals(0, Diversity.meanPairwisePixelDistance(List.of(white, white)), 0);
        assertThrows(EvaluationException.class, () -> Diversity.meanPairwisePixelDistance(List.of(white)));
        assertTrue(Diversity.meanPairwiseFeatureDistance(new float[][] {{1, 0}, {1, 0}}) == 0);
    }

    private static double[][] diag(double[] v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            m[i][i] = v[i];
        }
        return m;
    }

    /** x = m + R diag(sqrt d) z, z standard normal: covariance R D R^T. */
    private static float[][] sample(SplittableRandom random, int n, double[] m, double[][] r, double[] d) {
        float[][] out = new float[n][3];
        for (int k = 0; k < n; k++) {
            double[] z = new double[3];
            for (int i = 0; i < 3; i++) {
                z[i] = random.nextGaussian() * Math.sqrt(d[i]);
            }
            for (int i = 0; i < 3; i++) {
                double v = m[i];
                for (int j = 0; j < 3; j++) {
                    v += r[i][j] * z[j];
                }
                out[k][i] = (float) v;
            }
        }
        return out;
    }

    @Test
    void jacobiEigenReconstructsARandomSymmetricMatrix() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 30;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = r.nextGaussian();
                m[j][i] = m[i][j];
            }
        }
        SymmetricEigen e = SymmetricEigen.of(m);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rebuilt = 0;
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    rebuilt += e.vectors[i][k] * e.values[k] * e.vectors[j][k];
                    dot += e.vectors[k][i] * e.vectors[k][j];
                }
                worst = Math.max(worst, Math.abs(rebuilt - m[i][j]));
                worst = Math.max(worst, Math.abs(dot - (i == j ? 1 : 0)));
            }
        }
        assertTrue(worst < 1e-10, "V diag V^T = A and V^T V = I within 1e-10, worst " + worst);
    }

    @Test
    void rankDeficientHighDimensionalCovariancesWhereQlIterationFails() {
        // 150 unit vectors in 384 dimensions, like teacher features of 150 images: Commons Math's
        // EigenDecomposition stops with "convergence failed" on this covariance (seed 0)
        SplittableRandom r = new SplittableRandom(0);
        int n = 150;
        int d = 384;
        float[][] x = new float[n][d];
        float[] base = new float[d];
        for (int j = 0; j < d; j++) {
            base[j] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = base[j] + 0.3f * (float) r.nextGaussian() * (j < 40 ? 3 : 1);
                norm += x[i][j] * x[i][j];
            }
            for (int j = 0; j < d; j++) {
                x[i][j] /= (float) Math.sqrt(norm);
            }
        }
        assertThrows(org.apache.commons.math3.exception.MathIllegalStateException.class,
                () -> new org.apache.commons.math3.linear.EigenDecomposition(
                        new org.apache.commons.math3.linear.Array2DRowRealMatrix(Gaussian.fit(x).covariance())));
        // Fewer rows than dimensions: between(x, x) would take the sample route; the covariance route is what failed there.
        assertTrue(FrechetDistance.between(Gaussian.fit(x), Gaussian.fit(x)) < 1e-6);
        assertTrue(FrechetDistance.between(x, x) < 1e-6);
    }

    @Test
    void sampleRouteEqualsTheCovarianceRoute() {
        // With fewer rows than dimensions between(float[][], float[][]) works from the centred samples
        // (nuclear norm of A B^T); the covariance route must give the same distance.
        SplittableRandom r = new SplittableRandom(8);
        int d = 40;
        int[][] sizes = {{7, 12}, {12, 7}, {2, 2}, {39, 30}};
        for (int[] nm : sizes) {
            float[][] a = new float[nm[0]][d];
            float[][] b = new float[nm[1]][d];
            for (float[] row : a) {
                for (int j = 0; j < d; j++) {
                    row[j] = (float) (r.nextGaussian() * (1 + j % 5));
                }
            }
            for (float[] row : b) {
                for (int j = 0; j < d; j++) {
                    row[j] = (float) (0.3 + r.nextGaussian() * (2 - j % 2));
                }
            }
            double viaCovariances = FrechetDistance.between(Gaussian.fit(a), Gaussian.fit(b));
            double viaSamples = FrechetDistance.fromSamples(a, b);
            // Both routes take square roots of eigenvalues that are 0 in exact arithmetic (the covariances and
            // A B^T are rank-deficient); a rounding residue of 1e-16 relative becomes 1e-8 after the root.
            new Tolerance(1e-9, 1e-7).assertClose(viaCovariances, viaSamples, "n=" + nm[0] + " m=" + nm[1]);
            assertEquals(viaSamples, FrechetDistance.between(a, b), 0, "between picks the sample route when min(n, m) < D");
        }
    }
}
