package org.speaktheart.pipeline.recipe;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.speaktheart.core.io.AtomicFiles;

/**
 * Loss curves of a training stage as a PNG, read from the harness's {@code metrics.jsonl}
 * (one JSON object per step with {@code step} and {@code loss}). After a resume the file repeats the
 * steps between the checkpoint and the interruption; the later line of a step wins, as the harness
 * documents. Drawn with JFreeChart off screen (no display needed).
 */
public final class LossCurves {
    private LossCurves() {
    }

    /**
     * The per-step loss of a metrics file: step (0-based) to loss, later lines replacing earlier ones.
     * Lines that are not complete JSON objects with a finite {@code loss} (a line cut by a killed run) are
     * skipped.
     */
    public static TreeMap<Long, Double> read(Path metrics) {
        TreeMap<Long, Double> losses = new TreeMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RecipeException("cannot read metrics file " + metrics + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            try {
                JsonElement e = JsonParser.parseString(line);
                if (!e.isJsonObject()) {
                    continue;
                }
                JsonObject o = e.getAsJsonObject();
                if (o.has("step") && o.has("loss") && !o.get("loss").isJsonNull()) {
                    double loss = o.get("loss").getAsDouble();
                    if (Double.isFinite(loss)) {
                        losses.put(o.get("step").getAsLong(), loss);
                    }
                }
            } catch (JsonParseException | IllegalStateException | NumberFormatException | UnsupportedOperationException e) {
                // a line cut by a killed run; the harness ends it before appending again, so after a resume
                // such a line sits in the middle of the file, and it is skipped wherever it is
            }
        }
        return losses;
    }

    /**
     * Writes a PNG of the loss (thin line) and its running mean over {@code window} steps (thick line).
     *
     * @param metrics the harness metrics file
     * @param png where the chart goes (written atomically)
     * @param title chart title
     * @return the number of steps plotted
     * @throws RecipeException when the file holds no loss
     */
    public static int write(Path metrics, Path png, String title) {
        TreeMap<Long, Double> losses = read(metrics);
        if (losses.isEmpty()) {
            throw new RecipeException("metrics file " + metrics + " holds no step with a finite loss");
        }
        int window = Math.max(1, losses.size() / 50);
        XYSeries raw = new XYSeries("loss");
        XYSeries smooth = new XYSeries("mean of " + window + " steps");
        double[] ring = new double[window];
        double sum = 0;
        int i = 0;
        for (Map.Entry<Long, Double> e : losses.entrySet()) {
            raw.add(e.getKey().doubleValue(), e.getValue());
            sum += e.getValue() - ring[i % window];
            ring[i % window] = e.getValue();
            i++;
            smooth.add(e.getKey().doubleValue(), sum / Math.min(i, window));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(raw);
        data.addSeries(smooth);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "loss", data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRenderer().setSeriesPaint(0, new Color(120, 160, 220));
        plot.getRenderer().setSeriesPaint(1, new Color(20, 50, 140));
        plot.getRenderer().setSeriesStroke(1, new java.awt.BasicStroke(2.5f));
        BufferedImage image = chart.createBufferedImage(800, 500);
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
        return losses.size();
    }
}
