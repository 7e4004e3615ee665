package org.speaktheart.data.tts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program with optional standard input, collecting its output, and kills it when
 * it exceeds a time limit, so a stuck engine never hangs a corpus build.
 */
public final class ProcessRunner {
    private final Duration timeout;

    /** @param timeout longest time one process may run */
    public ProcessRunner(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new SynthesisException("process timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    /** @return the time limit per process */
    public Duration timeout() {
        return timeout;
    }

    /**
     * @param command program and arguments
     * @param stdin bytes fed to the program's standard input (closed afterwards), or null for none
     * @return everything the program wrote to standard output
     * @throws SynthesisException on start failure, non-zero exit (with its standard error) or timeout
     */
    public byte[] run(List<String> command, byte[] stdin) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new SynthesisException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread to = pump(p.getInputStream(), out);
        Thread te = pump(p.getErrorStream(), err);
        Thread ti = new Thread(() -> {
            try (OutputStream os = p.getOutputStream()) {
                if (stdin != null) {
                    os.write(stdin);
                }
            } catch (IOException ignored) {
                // The program may exit without reading its input; its exit code tells the story.
            }
        }, "tts-stdin");
        ti.setDaemon(true);
        ti.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new SynthesisException(command.get(0) + " did not finish within " + timeout.toMillis() + " ms; killed. Command: " + command);
            }
            to.join(timeout.toMillis());
            te.join(timeout.toMillis());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SynthesisException("interrupted while running " + command.get(0), e);
        }
        if (p.exitValue() != 0) {
            throw new SynthesisException(command.get(0) + " exited with " + p.exitValue() + ": "
                    + new String(err.toByteArray(), StandardCharsets.UTF_8).strip() + " (command: " + command + ")");
        }
        return out.toByteArray();
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // The stream closes when the process is killed; what was read is kept.
            }
        }, "tts-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
