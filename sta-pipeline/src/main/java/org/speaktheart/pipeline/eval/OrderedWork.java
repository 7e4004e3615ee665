package org.speaktheart.pipeline.eval;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Items {@code 0..n-1} computed by a fixed number of worker threads and handed out in index order,
 * so a caller can accumulate results exactly as a single thread would while the expensive part runs
 * in parallel. At most {@code 2 x workers} items are computed ahead of the one asked for, which bounds
 * the memory held. With one worker nothing runs in the background: each item is computed when asked for.
 *
 * <p>Not thread-safe: one thread asks for the items, in order. Closing stops the workers (items in
 * flight are interrupted and dropped).
 *
 * @param <T> the item type
 */
final class OrderedWork<T> implements AutoCloseable {
    private final int workers;
    private final int n;
    private final IntFunction<T> task;
    private final ExecutorService pool;
    @SuppressWarnings("unchecked")
    private final Future<T>[] futures;
    private int submitted;
    private int next;

    /**
     * @param name prefix of the worker threads' names
     * @param workers worker threads (>= 1)
     * @param n number of items (>= 0)
     * @param task computes item {@code i}; called from the workers, so it must be thread-safe
     */
    @SuppressWarnings("unchecked")
    OrderedWork(String name, int workers, int n, IntFunction<T> task) {
        if (workers < 1 || n < 0) {
            throw new IllegalArgumentException("workers must be >= 1 and n >= 0, got " + workers + " and " + n);
        }
        this.workers = workers;
        this.n = n;
        this.task = task;
        this.futures = (Future<T>[]) new Future<?>[n];
        if (workers == 1) {
            this.pool = null;
        } else {
            AtomicInteger count = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, name + "-" + count.incrementAndGet());
                t.setDaemon(true); // never keeps the JVM alive after a failure elsewhere
                return t;
            });
        }
    }

    /**
     * Item {@code i}, which must be the next one: {@code 0, 1, 2, ...}.
     *
     * @throws RuntimeException the task's own exception for this item, unchanged
     * @throws IllegalStateException when asked out of order
     * @throws EvaluationException when interrupted while waiting
     */
    T get(int i) {
        if (i != next || i >= n) {
            throw new IllegalStateException("items are handed out in order: expected " + next + " of " + n + ", asked for " + i);
        }
        next++;
        if (pool == null) {
            return task.apply(i);
        }
        while (submitted < n && submitted < i + 1 + 2 * workers) {
            int item = submitted++;
            futures[item] = pool.submit(() -> task.apply(item));
        }
        try {
            return futures[i].get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new EvaluationException("item " + i + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationException("interrupted while waiting for item " + i, e);
        } finally {
            futures[i] = null; // the caller holds the result now
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
