package org.speaktheart.core.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Appends one JSON object per step to a metrics file:
 * {@code {"step":12,"loss":0.53,"lr":0.001,"grad_norm":1.2,"clip_scale":1.0,"elapsed_s":3.1,...task metrics}}.
 * {@code step} is 0-based; {@code elapsed_s} counts from the start of the current {@code run} call (a resumed
 * run starts again at 0). After a resume the steps between the checkpoint and the interruption appear twice; the later
 * line is the one that belongs to the final history; a partial line left by a killed run is ended before new
 * lines are appended. A non-finite task metric is written as null.
 */
final class MetricsLog implements AutoCloseable {

    /** Keys written by the loop itself. */
    static final Set<String> RESERVED = Set.of("step", "loss", "lr", "grad_norm", "clip_scale", "elapsed_s");

    private static final Gson GSON = new Gson();

    private final BufferedWriter writer;

    private MetricsLog(BufferedWriter writer) {
        this.writer = writer;
    }

    /** Opens {@code file} for appending (creating parent directories), or a no-op log for null. */
    static MetricsLog open(Path file) {
        if (file == null) {
            return new MetricsLog(null);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean endsMidLine = endsMidLine(file);
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            if (endsMidLine) {
                // a run killed while writing left a partial line: end it so the next line stays parseable
                writer.write(System.lineSeparator());
            }
            return new MetricsLog(writer);
        } catch (IOException e) {
            throw new TrainingException("cannot open metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean endsMidLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return false;
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(channel.size() - 1).read(last);
            return last.get(0) != '\n';
        }
    }

    /** Writes one step's line. */
    void append(StepRecord record, double elapsedSeconds) {
        if (writer == null) {
            return;
        }
        JsonObject line = new JsonObject();
        line.addProperty("step", record.step());
        line.addProperty("loss", record.loss());
        line.addProperty("lr", record.lr());
        line.addProperty("grad_norm", record.gradNorm());
        line.addProperty("clip_scale", record.clipScale());
        line.addProperty("elapsed_s", elapsedSeconds);
        for (Map.Entry<String, Double> e : new TreeMap<>(record.metrics()).entrySet()) {
            line.addProperty(e.getKey(), Double.isFinite(e.getValue()) ? e.getValue() : null);
        }
        try {
            // one write and a flush per line: a killed run leaves at most one partial line behind
            writer.write(GSON.toJson(line) + System.lineSeparator());
            writer.flush();
        } catch (IOException e) {
            throw new TrainingException("cannot write metrics: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            throw new TrainingException("cannot close metrics file: " + e.getMessage(), e);
        }
    }
}
