package dev.ormtask.run;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How runs execute: {@code ormtask.run.*}. */
@ConfigMapping(prefix = "ormtask.run")
public interface RunConfig {

    /** {@code ormtask.run.workers}: runs executing at once on this node; keep below each task pool's max-size. */
    @WithDefault("16")
    @Min(1)
    int workers();

    /**
     * {@code ormtask.run.max-queued}: runs that may wait in the queue of every node together (QUEUED rows in history);
     * beyond it, starts get 503 with Retry-After.
     */
    @WithDefault("100000")
    @Min(0)
    int maxQueued();

    /** {@code ormtask.run.max-result-bytes}: larger results are replaced by a truncation marker. */
    @WithDefault("65536")
    @Min(0)
    int maxResultBytes();

    /** {@code ormtask.run.node}: this node's name in history; default the host name. */
    Optional<String> node();

    /** {@code ormtask.run.retry-after}: the Retry-After a client is given when the queue is full. */
    @WithDefault("5s")
    @DurationMin(seconds = 1)
    Duration retryAfter();

    /** {@code ormtask.run.heartbeat-interval}: how often a node says it is alive and looks for abandoned runs. */
    @WithDefault("5s")
    @DurationMin(seconds = 1) // the scheduler runs a job at most once a second
    Duration heartbeatInterval();

    /** {@code ormtask.run.abandoned-after}: a node silent this long is taken for dead and its runs are settled. */
    @WithDefault("30s")
    @DurationMin(seconds = 1)
    Duration abandonedAfter();

    /** {@code ormtask.run.idempotency-window}: how long an Idempotency-Key keeps returning its first run. */
    @WithDefault("24h")
    @DurationMin(seconds = 1)
    Duration idempotencyWindow();

    /** {@code ormtask.run.shutdown-grace}: on SIGTERM, how long executing runs may take to finish. */
    @WithDefault("25s")
    @DurationMin(seconds = 0)
    Duration shutdownGrace();

    /** {@code ormtask.run.cancel-poll-interval}: how often a node looks for cancel requests made on other nodes. */
    @WithDefault("1s")
    @DurationMin(seconds = 1)
    Duration cancelPollInterval();

    /**
     * {@code ormtask.run.claim-interval}: how often a node with idle workers claims runs that busy nodes queued (a run
     * accepted by a node with a free worker starts at once, without waiting for this).
     */
    @WithDefault("1s")
    @DurationMin(seconds = 1)
    Duration claimInterval();

    /**
     * {@code ormtask.run.follow-interval}: how often a node reads the state of runs its clients wait for while another
     * node executes them.
     */
    @WithDefault("250ms")
    @DurationMin(millis = 10)
    Duration followInterval();

    /**
     * {@code ormtask.run.commit-markers}: each run writes a marker row into its task's database inside its own
     * transaction, so that recovery settles a dead node's runs exactly (see README, "Crash recovery").
     */
    @WithDefault("true")
    boolean commitMarkers();
}
