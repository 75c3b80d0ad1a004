package dev.ormtask.config;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads of the service's own background work: named for thread dumps, daemons so they never hold the JVM up. */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** Threads named {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
