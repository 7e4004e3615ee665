package org.speaktheart.vqvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.speaktheart.core.io.AtomicFiles;

/**
 * A VQ-VAE with its weights in native memory (DJL, PyTorch engine): the result of
 * {@link VqVaeTrainer#train}. Reconstructs and evaluates images on DJL, writes side-by-side
 * reconstruction grids and exports the tokenizer graphs. Not thread-safe; close it to free the
 * weights.
 */
public final class TrainedVqVae implements AutoCloseable {
    private static final int EVAL_BATCH = 32;

    private final NDManager manager;
    private final VqVae model;
    private final long startStep;
    private final long steps;
    private final VqVaeEvaluation lastEvaluation;

    TrainedVqVae(NDManager manager, VqVae model, long startStep, long steps, VqVaeEvaluation lastEvaluation) {
        this.manager = manager;
        this.model = model;
        this.startStep = startStep;
        this.steps = steps;
        this.lastEvaluation = lastEvaluation;
    }

    /** The network. */
    public VqVae model() {
        return model;
    }

    /** The step this run started at: 0, or the step of the checkpoint it resumed from. */
    public long startStep() {
        return startStep;
    }

    /** Completed training steps. */
    public long steps() {
        return steps;
    }

    /** The final held-out evaluation, or null when no held-out images were given. */
    public VqVaeEvaluation lastEvaluation() {
        return lastEvaluation;
    }

    /** The reconstructions of images (through the quantizer), as RGB images. */
    public List<BufferedImage> reconstruct(List<BufferedImage> images) {
        List<BufferedImage> out = new ArrayList<>();
        run(model, manager, images, (recon, ids) -> out.addAll(recon));
        return out;
    }

    /** PSNR, SSIM and codebook usage on a dataset. */
    public VqVaeEvaluation evaluate(ImageDataset data) {
        return evaluate(model, manager, data, steps);
    }

    /**
     * Writes a PNG with one row per image: original on the left, reconstruction on the right.
     *
     * @throws VqVaeException when the list is empty
     */
    public void reconstructGrid(List<BufferedImage> images, Path png) {
        writeGrid(images, reconstruct(images), png);
    }

    /** Writes the tokenizer graphs ({@link VqVaeExporter#export}). */
    public void export(Path folder, Map<String, String> provenance) {
        VqVaeExporter.export(model, folder, provenance);
    }

    /** Frees the weights. */
    @Override
    public void close() {
        manager.close();
    }

    // ------------------------------------------------------------------ shared with the trainer

    interface BatchSink {
        void accept(List<BufferedImage> reconstructions, long[] ids);
    }

    static void run(VqVae model, NDManager parent, List<BufferedImage> images, BatchSink sink) {
        VqVaeConfig c = model.config();
        int s = c.imageSize();
        for (int from = 0; from < images.size(); from += EVAL_BATCH) {
            List<BufferedImage> chunk = images.subList(from, Math.min(images.size(), from + EVAL_BATCH));
            try (NDManager m = parent.newSubManager()) {
                NDArray x = m.create(ImageTensors.toTensor(chunk, s, c.pixelRange()), new Shape(chunk.size(), 3, s, s));
                NDList out = model.forward(new ParameterStore(m, false), new NDList(x), false);
                sink.accept(ImageTensors.fromTensor(out.get(0).toFloatArray(), chunk.size(), s, c.pixelRange()),
                        out.get(1).toLongArray());
            }
        }
    }

    static VqVaeEvaluation evaluate(VqVae model, NDManager parent, ImageDataset data, long step) {
        List<BufferedImage> originals = data.images();
        long[] counts = new long[model.config().codebookSize()];
        List<BufferedImage> recon = new ArrayList<>();
        run(model, parent, originals, (r, ids) -> {
            recon.addAll(r);
            for (long id : ids) {
                counts[(int) id]++;
            }
        });
        double psnr = 0;
        double ssim = 0;
        for (int i = 0; i < originals.size(); i++) {
            psnr += Math.min(100.0, ImageMetrics.psnr(originals.get(i), recon.get(i)));
            ssim += ImageMetrics.ssim(originals.get(i), recon.get(i));
        }
        return new VqVaeEvaluation(step, originals.size(), psnr / originals.size(), ssim / originals.size(),
                CodebookStats.ofCounts(counts));
    }

    /**
     * Writes originals and reconstructions side by side, one pair per row, with a 2-pixel grey gap.
     *
     * @throws VqVaeException when the lists are empty or differ in length
     */
    public static void writeGrid(List<BufferedImage> originals, List<BufferedImage> reconstructions, Path png) {
        if (originals.isEmpty() || originals.size() != reconstructions.size()) {
            throw new VqVaeException("grid needs as many reconstructions as originals (>= 1); got " + originals.size()
                    + " and " + reconstructions.size());
        }
        int w = originals.get(0).getWidth();
        int h = originals.get(0).getHeight();
        int gap = 2;
        BufferedImage grid = new BufferedImage(2 * w + 3 * gap, originals.size() * (h + gap) + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < originals.size(); i++) {
            int y = gap + i * (h + gap);
            g.drawImage(originals.get(i), gap, y, w, h, null);
            g.drawImage(reconstructions.get(i), 2 * gap + w, y, w, h, null);
        }
        g.dispose();
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(grid, "png", out)) {
                throw new java.io.IOException("no PNG writer available");
            }
        });
    }
}
