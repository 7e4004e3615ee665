package org.speaktheart.vqvae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.speaktheart.core.testing.BlockParity;

/** Shared tiny configurations, models and images for the tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** 16x16 images, one downsampling (8x8 tokens), 16 codes of dimension 4. */
    static VqVaeConfig tinyConfig() {
        return VqVaeConfig.builder().imageSize(16).baseChannels(8).channelMultipliers(1, 2).resBlocksPerLevel(1)
                .groups(4).codeDim(4).codebookSize(16).build();
    }

    /** A model initialised on {@code m} with seeded random weights (as the parity harness draws them). */
    static VqVae model(VqVaeConfig config, NDManager m, long seed) {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        VqVae model = new VqVae(config);
        model.initialize(m, DataType.FLOAT32, new Shape(1, 3, config.imageSize(), config.imageSize()));
        BlockParity.randomizeParameters(model, seed);
        return model;
    }

    /** Random smooth-ish RGB images: a few coloured rectangles on a coloured background. */
    static List<BufferedImage> images(int n, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
            java.awt.Graphics2D g = img.createGraphics();
            g.setColor(new java.awt.Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            g.fillRect(0, 0, size, size);
            for (int k = 0; k < 3; k++) {
                g.setColor(new java.awt.Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), 128 + r.nextInt(128)));
                int x = r.nextInt(size);
                int y = r.nextInt(size);
                g.fillOval(x - size / 4, y - size / 4, 1 + r.nextInt(size / 2 + 1), 1 + r.nextInt(size / 2 + 1));
            }
            g.dispose();
            out.add(img);
        }
        return out;
    }
}
