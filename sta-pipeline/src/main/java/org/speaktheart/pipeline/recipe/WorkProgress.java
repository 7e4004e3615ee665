package org.speaktheart.pipeline.recipe;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress of a long non-training loop of the recipe (embedding thousands of clips): on a terminal
 * one bar redrawn in place at most ten times a second; otherwise a log line at every tenth of the work.
 */
final class WorkProgress implements AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final String label;
    private final long total;
    private final PrintWriter terminal;
    private final Consumer<String> log;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long lastLogged;

    /**
     * @param label what is being done, e.g. "speech embeddings"
     * @param total number of items
     * @param log where lines go without a terminal
     */
    WorkProgress(String label, long total, Consumer<String> log) {
        this.label = label;
        this.total = total;
        Console console = System.console();
        this.terminal = console == null ? null : console.writer();
        this.log = log;
    }

    /** Reports that {@code done} items of {@code total} are complete. */
    void update(long done) {
        long now = System.nanoTime();
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        if (terminal != null) {
            if (now - lastDraw >= REDRAW_NANOS || done == total) {
                lastDraw = now;
                int width = 30;
                int filled = (int) (width * done / Math.max(1, total));
                String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
                terminal.print(String.format(Locale.ROOT, "\r%s [%s] %d/%d %.1f/s", label, bar, done, total, rate));
                terminal.flush();
            }
        } else if (done == total || done - lastLogged >= Math.max(1, total / 10)) {
            lastLogged = done;
            log.accept(String.format(Locale.ROOT, "%s: %d/%d (%.1f/s)", label, done, total, rate));
        }
    }

    @Override
    public void close() {
        if (terminal != null) {
            terminal.println();
            terminal.flush();
        }
    }
}
