package org.speaktheart.pipeline.eval;

import com.google.gson.GsonBuilder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.data.category.DefaultCategoryDataset;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.pipeline.eval.EvaluationReport.ConditionReport;
import org.speaktheart.pipeline.eval.EvaluationReport.LanguageReport;
import org.speaktheart.pipeline.eval.EvaluationReport.Metric;

/**
 * Writes an evaluation: {@code report.json} (the {@link EvaluationReport}), {@code report.md}
 * (tables and the figures), per language {@code grid-<lang>.png} (rows: real | reconstruction |
 * speech samples | text samples) and {@code accuracy-<lang>.png} (top-1 accuracies per condition
 * with chance as a dashed line), and {@code frechet.png} (Fréchet distance per language and
 * condition). With an Inception network, the header names it (file, SHA-256) and each language gets
 * a table of FID and Inception Score per condition. Plots are rendered with JFreeChart off screen;
 * every file is written atomically.
 */
final class ReportWriter {
    private static final int CELL_GAP = 2;

    private ReportWriter() {
    }

    static List<Path> write(EvaluationResult result, Path dir) {
        EvaluationReport report = result.report();
        List<Path> files = new ArrayList<>();
        Path json = dir.resolve("report.json");
        AtomicFiles.write(json, new GsonBuilder().setPrettyPrinting().create().toJson(report).getBytes(StandardCharsets.UTF_8));
        files.add(json);
        for (LanguageReport l : report.languages()) {
            Path grid = dir.resolve("grid-" + l.language() + ".png");
            BufferedImage g = grid(result.grids().getOrDefault(l.language(), List.of()));
            AtomicFiles.write(grid, out -> ImageIO.write(g, "png", out));
            files.add(grid);
            Path chart = dir.resolve("accuracy-" + l.language() + ".png");
            JFreeChart c = accuracyChart(l);
            AtomicFiles.write(chart, out -> ChartUtils.writeChartAsPNG(out, c, 720, 420));
            files.add(chart);
        }
        Path fd = dir.resolve("frechet.png");
        JFreeChart f = frechetChart(report);
        AtomicFiles.write(fd, out -> ChartUtils.writeChartAsPNG(out, f, 640, 400));
        files.add(fd);
        Path md = dir.resolve("report.md");
        AtomicFiles.write(md, markdown(report).getBytes(StandardCharsets.UTF_8));
        files.add(md);
        return files;
    }

    static String markdown(EvaluationReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Evaluation report\n\n");
        sb.append("- bundle: `").append(r.bundle()).append("`\n");
        sb.append("- manifest: `").append(r.manifest()).append("`, split `").append(r.split()).append("`\n");
        sb.append(String.format(Locale.ROOT, "- samples per input: %d, seed %d, sampling steps %d, guidance %s, truncation %s\n",
                r.samples(), r.seed(), r.steps(), r.guidanceScale(), r.truncationRate()));
        if (r.candidates() > 1) {
            sb.append(String.format(Locale.ROOT, "- candidates: each generated image is the teacher's best of %d, so the teacher's "
                    + "retrieval figures of generated images are not independent (the judge's are)%n", r.candidates()));
        }
        sb.append("- teacher: `").append(r.teacher()).append("`\n");
        if (r.judge() != null) {
            sb.append(String.format(Locale.ROOT, "- judge: `%s`, %d concepts, accuracy on the held-out style %.3f%n",
                    r.judge().file(), r.judge().concepts(), r.judge().valAccuracy()));
        } else {
            sb.append("- judge: none\n");
        }
        if (r.inception() != null) {
            EvaluationReport.InceptionSummary in = r.inception();
            sb.append(String.format(Locale.ROOT, "- Inception (standard FID and Inception Score): `%s`, SHA-256 `%s`, %d px, "
                            + "normalisation %s, features `%s`, logits %s, %d splits%n", in.file(), in.sha256(), in.imageSize(),
                    in.normalisation(), in.featuresOutput(), in.logitsOutput() == null ? "none" : "`" + in.logitsOutput() + "`",
                    in.splits()));
        }
        sb.append(String.format(Locale.ROOT, "- intervals: %.0f %% percentile bootstrap over records, B = %d%n",
                100 * r.confidenceLevel(), r.bootstrapResamples()));
        sb.append(String.format(Locale.ROOT, "- wall time: %.1f s%n%n", r.seconds()));
        for (LanguageReport l : r.languages()) {
            sb.append("## ").append(l.language()).append("\n\n");
            sb.append(l.records()).append(" records, ").append(l.concepts()).append(" candidate concepts")
                    .append(l.shapes() ? ", exact shapes ground truth" : "").append(".\n\n");
            if (l.textSkipped() != null) {
                sb.append("Text condition not run: ").append(l.textSkipped()).append(".\n\n");
            }
            sb.append("| condition | metric | value | interval | chance |\n| --- | --- | --- | --- | --- |\n");
            for (ConditionReport c : l.conditions()) {
                for (Metric m : c.metrics()) {
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | [%.3f, %.3f] | %s |%n", c.name(), m.name(), m.value(),
                            m.low(), m.high(), m.chance() == null ? "-" : String.format(Locale.ROOT, "%.3f", m.chance())));
                }
            }
            sb.append("\n| condition | images | Fréchet distance | feature diversity | pixel diversity |\n"
                    + "| --- | --- | --- | --- | --- |\n");
            for (ConditionReport c : l.conditions()) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", c.name(), c.images(), fmt(c.frechet()),
                        fmt(c.featureDiversity()), fmt(c.pixelDiversity())));
            }
            sb.append("\nThe reconstruction row's Fréchet distance is the floor a generator of this tokenizer can reach.\n\n");
            if (r.inception() != null) {
                sb.append("| condition | images | FID (Inception) | Inception Score | IS std | IS splits |\n"
                        + "| --- | --- | --- | --- | --- | --- |\n");
                for (ConditionReport c : l.conditions()) {
                    sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", c.name(), c.images(), fmt(c.fid()),
                            fmt(c.inceptionScore()), fmt(c.inceptionScoreStd()),
                            c.inceptionScoreSplits() == null ? "-" : c.inceptionScoreSplits().toString()));
                }
                sb.append("\nFID and Inception Score depend on the number of images; compare them only at equal counts.\n\n");
            }
            sb.append("![accuracy ").append(l.language()).append("](accuracy-").append(l.language()).append(".png)\n\n");
            sb.append("Grid (per row: real | reconstruction | ").append(r.samples()).append(" from speech")
                    .append(l.textSkipped() == null ? " | " + r.samples() + " from text" : "").append("):\n\n");
            sb.append("![grid ").append(l.language()).append("](grid-").append(l.language()).append(".png)\n\n");
        }
        sb.append("![Fréchet distances](frechet.png)\n");
        return sb.toString();
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    static BufferedImage grid(List<Evaluation.GridRow> rows) {
        if (rows.isEmpty()) {
            return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        }
        int side = rows.get(0).real().getWidth();
        int cols = 0;
        for (Evaluation.GridRow row : rows) {
            cols = Math.max(cols, 2 + row.speech().size() + row.text().size());
        }
        int cell = side + CELL_GAP;
        // Left margin, the cells (each with its trailing gap) and the two wider group gaps.
        BufferedImage out = new BufferedImage(CELL_GAP + cols * cell + 2 * CELL_GAP, rows.size() * cell + CELL_GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int r = 0; r < rows.size(); r++) {
                Evaluation.GridRow row = rows.get(r);
                List<BufferedImage> cells = new ArrayList<>();
                cells.add(row.real());
                cells.add(row.reconstruction());
                cells.addAll(row.speech());
                cells.addAll(row.text());
                int x = CELL_GAP;
                for (int c = 0; c < cells.size(); c++) {
                    // A wider gap after the reconstruction and after the speech samples separates the groups.
                    if (c == 2 || c == 2 + row.speech().size()) {
                        x += CELL_GAP;
                    }
                    g.drawImage(cells.get(c), x, CELL_GAP + r * cell, side, side, null);
                    x += cell;
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    static JFreeChart accuracyChart(LanguageReport l) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Double chance = null;
        for (ConditionReport c : l.conditions()) {
            for (Metric m : c.metrics()) {
                if (m.name().endsWith("top1") || m.name().equals("shapes.exact")) {
                    data.addValue(m.value(), c.name(), m.name());
                    if (m.name().equals("teacher.top1")) {
                        chance = m.chance();
                    }
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Top-1 accuracy, " + l.language() + " (" + l.records() + " records)",
                "metric", "accuracy", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRangeAxis().setRange(0, 1.05);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (chance != null) {
            ValueMarker marker = new ValueMarker(chance, Color.RED, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            marker.setLabel("teacher chance");
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            // Label inside the plot, right-aligned above the line, so it is not clipped at the left edge.
            marker.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(marker);
        }
        return chart;
    }

    static JFreeChart frechetChart(EvaluationReport r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (LanguageReport l : r.languages()) {
            for (ConditionReport c : l.conditions()) {
                if (c.frechet() != null) {
                    data.addValue(c.frechet(), c.name(), l.language());
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Fréchet distance in teacher feature space (lower is better)",
                "language", "Fréchet distance", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }
}
