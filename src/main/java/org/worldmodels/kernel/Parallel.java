// SPDX-License-Identifier: MIT
// A fixed pool of daemon worker threads that the kernels split their work over (fork-join, one
// task at a time). Thread count: -Dworldmodels.threads=N or setThreads(N); default: all processors.
package org.worldmodels.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs {@code task.run(part, parts)} for every part in [0, parts), part 0 on the calling thread and
 * the others on the pool's workers, and returns when all are done.
 *
 * <p>Why not an {@code ExecutorService}: a GEMM is called thousands of times per second (one per
 * LSTM step), so a call must not allocate (no futures, no lambdas if the caller reuses its task
 * object) and must wake the workers fast. Workers spin briefly after each task, then park.
 *
 * <p>No deadlock when callers are already parallel: a call from a worker, or from any thread
 * while the pool is busy with another call, runs all its parts one after another on the calling
 * thread. Each part computes the same thing whichever thread runs it, so results do not depend on
 * the thread count as long as the caller splits its work the same way.
 */
public final class Parallel {
    /** One piece of work split into {@code parts}; must be safe to run the parts concurrently. */
    @FunctionalInterface
    public interface Task {
        void run(int part, int parts);
    }

    /** Spins of Thread.onSpinWait before a waiting thread parks (a few microseconds). */
    private static final int SPINS = 1 << 12;

    private static volatile Pool pool;
    private static volatile int requested = Math.max(1, Integer.getInteger("worldmodels.threads",
            Runtime.getRuntime().availableProcessors()));

    /** Threads that asked to run every kernel call on themselves (see runKernelsOnCallingThread). */
    private static final ThreadLocal<Boolean> INLINE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private Parallel() {}

    /**
     * From now on, kernels called from this thread run on it alone. For threads that are themselves
     * one of several parallel workers (rollout workers): forking again would only oversubscribe the cores.
     */
    public static void runKernelsOnCallingThread() { INLINE.set(Boolean.TRUE); }

    private static boolean inline() { return Thread.currentThread() instanceof Worker || INLINE.get(); }

    /** Number of threads a call may use (workers + the caller). */
    public static int threads() { return requested; }

    /** Sets the thread count (1 = everything on the caller); the old pool's workers exit. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == requested) return;
        requested = n;
        Pool old = pool;
        pool = null;
        if (old != null) old.shutdown();
    }

    /**
     * How many parts a call from this thread can usefully split into right now: 1 inside a worker
     * or while the pool is busy with another call (the work would run sequentially anyway).
     */
    public static int available() {
        if (inline()) return 1;
        Pool p = pool;
        if (p != null && p.busy.get()) return 1;
        return threads();
    }

    /** Runs task.run(i, parts) for i in [0, parts); uses at most {@link #threads()} threads. */
    public static void run(int parts, Task task) {
        if (parts <= 1 || inline()) {
            runSequential(parts, task);
            return;
        }
        Pool p = pool();
        if (p == null || parts > p.workers.length + 1 || !p.busy.compareAndSet(false, true)) {
            runSequential(parts, task);
            return;
        }
        try {
            p.fork(parts, task);
        } finally {
            p.busy.set(false);
        }
    }

    private static void runSequential(int parts, Task task) {
        for (int i = 0; i < parts; i++) task.run(i, parts);
    }

    private static Pool pool() {
        Pool p = pool;
        if (p != null) return p;
        synchronized (Parallel.class) {
            if (pool == null && requested > 1) pool = new Pool(requested - 1);
            return pool;
        }
    }

    /** The workers and the hand-over state of the one task in flight. */
    private static final class Pool {
        final Worker[] workers;
        final AtomicBoolean busy = new AtomicBoolean();
        final AtomicInteger remaining = new AtomicInteger();
        volatile Task task;
        volatile int parts;
        volatile long generation;
        volatile boolean stopped;
        volatile Thread caller;
        volatile Throwable failure;

        Pool(int nWorkers) {
            workers = new Worker[nWorkers];
            for (int i = 0; i < nWorkers; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        void fork(int parts, Task task) {
            this.task = task;
            this.parts = parts;
            this.caller = Thread.currentThread();
            this.failure = null;
            remaining.set(workers.length);
            generation++;                       // volatile write: publishes the fields above
            for (Worker w : workers) LockSupport.unpark(w);
            Throwable mine = null;
            try {
                task.run(0, parts);
            } catch (Throwable t) {
                mine = t;
            }
            for (int spins = 0; remaining.get() != 0; spins++) {
                if (spins < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            this.task = null;
            Throwable t = mine != null ? mine : failure;
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error e) throw e;
            if (t != null) throw new RuntimeException(t);
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }

    /** A pool thread: waits for a new generation, runs its part, reports completion. */
    private static final class Worker extends Thread {
        private final Pool pool;
        private final int index;

        Worker(Pool pool, int index) {
            super("worldmodels-kernel-" + index);
            this.pool = pool;
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long g;
                for (int spins = 0; (g = pool.generation) == seen; spins++) {
                    if (pool.stopped) return;
                    if (spins < SPINS) Thread.onSpinWait();
                    else LockSupport.park(this);
                }
                seen = g;
                Task t = pool.task;
                int parts = pool.parts;
                try {
                    if (index < parts) t.run(index, parts);
                } catch (Throwable e) {
                    pool.failure = e;
                }
                if (pool.remaining.decrementAndGet() == 0) LockSupport.unpark(pool.caller);
            }
        }
    }
}
