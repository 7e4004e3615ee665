package org.speaktheart.data;

import java.io.PrintStream;

/**
 * A text progress bar on a stream (usually {@code System.err}), redrawn in place with a carriage
 * return and throttled so that thousands of tiny units do not flood the terminal.
 */
public final class ConsoleProgress implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final long minIntervalNanos;
    private long lastNanos;
    private String lastStage = "";

    /**
     * @param out stream to draw on
     * @param minIntervalMillis minimum time between redraws, milliseconds (the final unit of a stage is always drawn)
     */
    public ConsoleProgress(PrintStream out, long minIntervalMillis) {
        if (minIntervalMillis < 0) {
            throw new DataException("minIntervalMillis must be >= 0, got " + minIntervalMillis);
        }
        this.out = out;
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
    }

    @Override
    public synchronized void progress(String stage, long done, long total) {
        long now = System.nanoTime();
        boolean last = done >= total;
        boolean newStage = !stage.equals(lastStage);
        if (!last && !newStage && now - lastNanos < minIntervalNanos) {
            return;
        }
        lastNanos = now;
        lastStage = stage;
        out.print('\r' + render(stage, done, total));
        if (last) {
            out.println();
        }
        out.flush();
    }

    /**
     * Renders one bar line, e.g. {@code speech [#######-------]  250/1000  25%}.
     *
     * @param stage phase name
     * @param done finished units
     * @param total all units
     * @return the line without line terminator
     */
    public static String render(String stage, long done, long total) {
        double frac = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(frac * WIDTH);
        return stage + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + done + "/" + total + " " + Math.round(frac * 100) + "%";
    }
}
