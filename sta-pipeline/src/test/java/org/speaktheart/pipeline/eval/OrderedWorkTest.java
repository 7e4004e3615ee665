package org.speaktheart.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Items computed by workers come back in index order, with bounded look-ahead and the task's own errors. */
class OrderedWorkTest {

    @Test
    void itemsFinishingOutOfOrderAreHandedOutInOrder() throws Exception {
        int n = 12;
        List<Integer> got = new ArrayList<>();
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (OrderedWork<Integer> work = new OrderedWork<>("test", 3, n, i -> {
            threads.add(Thread.currentThread().getName());
            sleep((n - i) * 3L); // later items finish first
            return i * i;
        })) {
            for (int i = 0; i < n; i++) {
                got.add(work.get(i));
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(i * i, got.get(i));
        }
        assertTrue(threads.stream().allMatch(t -> t.startsWith("test-")), threads.toString());
        assertNotEquals(1, threads.stream().distinct().count(), "more than one worker ran");
    }

    @Test
    void lookAheadIsBoundedToTwiceTheWorkers() {
        AtomicInteger started = new AtomicInteger();
        try (OrderedWork<Integer> work = new OrderedWork<>("test", 2, 100, i -> {
            started.incrementAndGet();
            return i;
        })) {
            work.get(0);
            sleep(50);
            assertTrue(started.get() <= 1 + 2 * 2, "started " + started.get());
            assertEquals(1, work.get(1));
        }
    }

    @Test
    void oneWorkerComputesOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        try (OrderedWork<Thread> work = new OrderedWork<>("test", 1, 2, i -> Thread.currentThread())) {
            assertSame(caller, work.get(0));
            assertSame(caller, work.get(1));
        }
    }

    @Test
    void theTasksOwnExceptionAndMisuseAreReported() {
        IllegalArgumentException boom = new IllegalArgumentException("record 3 is broken");
        try (OrderedWork<Integer> work = new OrderedWork<>("test", 2, 5, i -> {
            if (i == 3) {
                throw boom;
            }
            return i;
        })) {
            for (int i = 0; i < 3; i++) {
                assertEquals(i, work.get(i));
            }
            assertSame(boom, assertThrows(IllegalArgumentException.class, () -> work.get(3)));
            IllegalStateException order = assertThrows(IllegalStateException.class, () -> work.get(1));
            assertTrue(order.getMessage().contains("expected 4"), order.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new OrderedWork<Integer>("test", 0, 1, i -> i));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
