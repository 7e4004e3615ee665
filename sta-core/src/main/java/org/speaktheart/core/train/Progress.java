package org.speaktheart.core.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows training progress: on a terminal ({@code System.console() != null}) one line redrawn with a carriage
 * return (step/total, loss, it/s, ETA), at most ten times a second; otherwise an SLF4J INFO line every
 * {@code logInterval} steps and at the last step.
 */
final class Progress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 24;

    private final long total;
    private final long start;
    private final long logInterval;
    private final PrintWriter terminal;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private int lastLength;

    /**
     * @param total       steps of the whole run
     * @param start       first step of this run (after a resume, the checkpoint's step)
     * @param logInterval steps between log lines without a terminal
     * @param terminal    where to draw the bar, or null to log instead
     */
    Progress(long total, long start, long logInterval, PrintWriter terminal) {
        this.total = total;
        this.start = start;
        this.logInterval = logInterval;
        this.terminal = terminal;
    }

    /** Progress on the attached terminal if there is one, else log lines. */
    static Progress auto(long total, long start, long logInterval) {
        Console console = System.console();
        return new Progress(total, start, logInterval, console == null ? null : console.writer());
    }

    /** Reports a finished step. */
    void update(StepRecord record) {
        long now = System.nanoTime();
        double elapsed = (now - startNanos) / 1e9;
        long done = record.step() + 1;
        double rate = elapsed > 0 ? (done - start) / elapsed : 0;
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        if (terminal != null) {
            if (now - lastDraw >= REDRAW_NANOS || done == total) {
                lastDraw = now;
                draw(bar(done, record, rate, eta));
            }
        } else if (done % logInterval == 0 || done == total) {
            LOG.info("step {}/{} loss {} lr {} grad-norm {} {} it/s ETA {}", done, total,
                    String.format(Locale.ROOT, "%.5g", record.loss()), String.format(Locale.ROOT, "%.3e", record.lr()),
                    String.format(Locale.ROOT, "%.4g", record.gradNorm()), String.format(Locale.ROOT, "%.2f", rate),
                    duration(eta));
        }
    }

    /** The bar line without the carriage return, e.g. {@code [=====>    ] 12/100 loss 0.123 4.5 it/s ETA 0:00:20}. */
    String bar(long done, StepRecord record, double rate, double eta) {
        int filled = (int) (BAR_WIDTH * done / Math.max(1, total));
        StringBuilder line = new StringBuilder("[");
        for (int i = 0; i < BAR_WIDTH; i++) {
            line.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        }
        line.append("] ").append(done).append('/').append(total)
                .append(String.format(Locale.ROOT, " loss %.5g lr %.2e %.2f it/s ETA %s", record.loss(), record.lr(),
                        rate, duration(eta)));
        return line.toString();
    }

    /** Formats seconds as h:mm:ss, "?" when unknown. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private void draw(String line) {
        StringBuilder out = new StringBuilder("\r").append(line);
        // blank out the tail of a longer previous line
        for (int i = line.length(); i < lastLength; i++) {
            out.append(' ');
        }
        lastLength = line.length();
        terminal.print(out);
        terminal.flush();
    }

    /** Ends the bar line so later output starts on a fresh line. */
    @Override
    public void close() {
        if (terminal != null && lastLength > 0) {
            terminal.println();
            terminal.flush();
        }
    }
}
