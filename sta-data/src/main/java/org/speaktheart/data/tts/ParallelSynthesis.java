package org.speaktheart.data.tts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.speaktheart.data.ProgressListener;

/**
 * Runs a batch of synthesis jobs on a fixed number of worker threads (each running one engine
 * process at a time), reporting progress, and fails with a summary when any job failed. Every
 * process is bounded by its driver's timeout, so the batch cannot hang.
 */
public final class ParallelSynthesis {
    private ParallelSynthesis() { }

    /**
     * @param engines drivers to route each job's voice to
     * @param jobs the jobs
     * @param threads worker threads (processes at once), at least 1
     * @param listener progress, stage {@code "speech"}
     * @throws SynthesisException after all jobs ran, when some failed: count and first failures
     */
    public static void run(TtsEngines engines, List<SynthesisJob> jobs, int threads, ProgressListener listener) {
        if (threads < 1) {
            throw new SynthesisException("threads must be >= 1, got " + threads);
        }
        // Route first, so a voice that no engine offers fails before any work starts.
        List<SpeechSynthesizer> drivers = new ArrayList<>(jobs.size());
        for (SynthesisJob j : jobs) {
            drivers.add(engines.driverFor(j.request().voice()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tts-worker");
            t.setDaemon(true);
            return t;
        });
        AtomicLong done = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> futures = new ArrayList<>();
        listener.progress("speech", 0, jobs.size());
        try {
            for (int i = 0; i < jobs.size(); i++) {
                SynthesisJob job = jobs.get(i);
                SpeechSynthesizer driver = drivers.get(i);
                futures.add(pool.submit(() -> {
                    try {
                        driver.synthesize(job.request(), job.output());
                    } catch (RuntimeException e) {
                        failures.add(job.output().getFileName() + ": " + e.getMessage());
                    }
                    listener.progress("speech", done.incrementAndGet(), jobs.size());
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SynthesisException("speech synthesis interrupted after " + done.get() + " of " + jobs.size() + " jobs", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new SynthesisException("speech worker failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new SynthesisException(failures.size() + " of " + jobs.size() + " utterances failed; first: "
                    + String.join(" | ", failures.subList(0, Math.min(3, failures.size()))));
        }
    }
}
