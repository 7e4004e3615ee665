package org.speaktheart.data.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShapesScorerTest {
    private static final ShapesScorer SCORER = new ShapesScorer(64);

    @Test
    void readsEverySingleObjectCandidateExactly() {
        int n = 0;
        for (ShapeKind k : ShapeKind.values()) {
            for (ShapeSize s : ShapeSize.values()) {
                for (Position p : Position.values()) {
                    ShapeColour c = ShapeColour.values()[n % ShapeColour.values().length];
                    Background bg = Background.values()[n % Background.values().length];
                    ShapeScene scene = ShapeScene.of(new ShapeObject(k, c, s, p), bg);
                    ShapeReading r = SCORER.read(ShapeRenderer.render(scene, 64));
                    assertEquals(scene, r.scene(), "scene " + scene.conceptId());
                    assertTrue(r.iou() > 0.8, "clean render must match its own mask, iou " + r.iou());
                    n++;
                }
            }
        }
        assertEquals(80, n);
    }

    @Test
    void readsRandomScenesCleanNoisyBlurredAndRescaled() {
        SplittableRandom rnd = new SplittableRandom(11);
        Random noise = new Random(5);
        int total = 300;
        int clean = 0;
        int noisy = 0;
        int rescaled = 0;
        for (int i = 0; i < total; i++) {
            ShapeScene scene = ShapesCorpus.randomScene(rnd, 0.4, 0.5);
            BufferedImage img = ShapeRenderer.render(scene, 64);
            clean += SCORER.read(img).scene().equals(scene) ? 1 : 0;
            noisy += SCORER.read(noise(blur(img), noise, 12)).scene().equals(scene) ? 1 : 0;
            rescaled += SCORER.read(ShapeRenderer.render(scene, 96)).scene().equals(scene) ? 1 : 0;
        }
        assertEquals(total, clean, "every clean render must be read exactly");
        assertTrue(noisy >= total * 0.97, "blur + noise sigma 12: " + noisy + "/" + total);
        assertTrue(rescaled >= total * 0.95, "96 px render read at 64 px: " + rescaled + "/" + total);
    }

    @Test
    void differentScenesAreNotConfused() {
        ShapeScene circle = ShapeScene.of(new ShapeObject(ShapeKind.CIRCLE, ShapeColour.RED, ShapeSize.LARGE, Position.CENTER), Background.WHITE);
        ShapeScene pair = new ShapeScene(List.of(new ShapeObject(ShapeKind.STAR, ShapeColour.BLUE, ShapeSize.SMALL, Position.LEFT),
                new ShapeObject(ShapeKind.HEART, ShapeColour.ORANGE, ShapeSize.LARGE, Position.RIGHT)), Background.GREY);
        assertEquals(pair, SCORER.read(ShapeRenderer.render(pair, 64)).scene());
        ShapeScene wrong = new ShapeScene(List.of(new ShapeObject(ShapeKind.STAR, ShapeColour.RED, ShapeSize.SMALL, Position.LEFT),
                new ShapeObject(ShapeKind.ARROW, ShapeColour.ORANGE, ShapeSize.SMALL, Position.RIGHT)), Background.WHITE);
        ShapeMatch m = ShapeMatch.of(pair, wrong);
        assertEquals(new ShapeMatch(true, false, 1, 1, 1, 2, 2), m);
        assertEquals((1 + 0 + 1 + 1 + 1 + 2) / 10.0, m.fraction(), 1e-12);
        ShapeMatch fewer = ShapeMatch.of(pair, circle);
        assertEquals(new ShapeMatch(false, false, 0, 0, 0, 0, 2), fewer);
        assertTrue(ShapeMatch.of(pair, pair).exact());
        assertEquals(1.0, ShapeMatch.of(pair, pair).fraction());
        ShapeReading blank = SCORER.read(ShapeRenderer.render(circle, 64).getSubimage(0, 0, 8, 8));
        assertTrue(blank.iou() < 0.5, "a plain patch must not look like a shape, iou " + blank.iou());
    }

    static BufferedImage blur(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.min(w - 1, Math.max(0, x + dx));
                        int yy = Math.min(h - 1, Math.max(0, y + dy));
                        int p = src.getRGB(xx, yy);
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                        n++;
                    }
                }
                out.setRGB(x, y, ((r / n) << 16) | ((g / n) << 8) | (b / n));
            }
        }
        return out;
    }

    static BufferedImage noise(BufferedImage src, Random rnd, double sigma) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int v = 0;
                for (int sh = 16; sh >= 0; sh -= 8) {
                    int c = (int) Math.round(((p >> sh) & 0xff) + sigma * rnd.nextGaussian());
                    v |= Math.max(0, Math.min(255, c)) << sh;
                }
                out.setRGB(x, y, v);
            }
        }
        return out;
    }
}
