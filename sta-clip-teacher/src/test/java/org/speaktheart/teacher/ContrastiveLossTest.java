package org.speaktheart.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ContrastiveLossTest {

    private static float[][] randomUnit(SplittableRandom r, int n, int d) {
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = (float) r.nextGaussian();
            }
            out[i] = Embeddings.normalize(out[i]);
        }
        return out;
    }

    private static float[] flat(float[][] a) {
        float[] f = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * a[0].length, a[0].length);
        }
        return f;
    }

    @Test
    void djlLossEqualsThePlainJavaReference() {
        SplittableRandom r = new SplittableRandom(3);
        float[][] img = randomUnit(r, 5, 7);
        float[][] txt = randomUnit(r, 5, 7);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            for (float scale : new float[] {1f, 14.285714f, 100f}) {
                float loss = ContrastiveLoss.loss(m.create(flat(img), new Shape(5, 7)), m.create(flat(txt), new Shape(5, 7)),
                        m.create(new float[] {scale})).getFloat();
                assertEquals(ContrastiveLoss.reference(img, txt, scale), loss, 1e-4 * Math.max(1, loss), "scale " + scale);
            }
        }
    }

    @Test
    void referenceHasTheKnownLimits() {
        SplittableRandom r = new SplittableRandom(4);
        float[][] txt = randomUnit(r, 6, 4);
        // Scale 0: every logit equal, the loss is ln B.
        assertEquals(Math.log(6), ContrastiveLoss.reference(txt, txt, 0), 1e-12);
        // Perfectly paired, orthogonal rows at a large scale: the loss goes to 0.
        float[][] eye = new float[3][3];
        for (int i = 0; i < 3; i++) {
            eye[i][i] = 1;
        }
        assertTrue(ContrastiveLoss.reference(eye, eye, 100) < 1e-6);
    }
}
