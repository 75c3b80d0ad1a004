package dev.ormtask.run;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** This node's name in history ({@code ormtask.run.node}, default the host name) and its clock. */
@Singleton
public class NodeIdentity {

    private final String name;
    // This process among all that ever used the name: tells a live namesake from this node's own last life.
    private final String instance = java.util.UUID.randomUUID().toString();
    private final Clock clock;
    private final Instant processStarted;

    NodeIdentity(RunConfig config, Clock clock) {
        this.name = config.node().orElseGet(NodeIdentity::hostName);
        this.clock = clock;
        // Built before anything here can record a run (workers, claims and admission need this bean). Not the OS's
        // process start time: in a VM restored from a snapshot that read seconds early and hid a real leftover.
        this.processStarted = clock.instant();
    }

    /** When this process started: a run this node recorded since then is not a leftover of an earlier life. */
    public Instant processStarted() {
        return processStarted;
    }

    public String name() {
        return name;
    }

    /** This process's own id, written with its heartbeats. */
    public String instance() {
        return instance;
    }

    public Clock clock() {
        return clock;
    }

    /** Now, as history stores it: microseconds on every database, so a record reads back exactly as answered. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
