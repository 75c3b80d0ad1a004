package dev.ormtask.run;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What a run keeps of what its task reports (progress and {@code ctx.log()} lines): {@code ormtask.runlog.*}. */
@ConfigMapping(prefix = "ormtask.runlog")
public interface RunLogConfig {

    /**
     * {@code ormtask.runlog.max-lines}: the newest lines kept per run; older ones are deleted as new ones arrive and
     * counted as dropped ({@code droppedLines} in {@code GET /api/runs/{id}/log}).
     */
    @WithDefault("500")
    @Min(1)
    int maxLines();

    /** {@code ormtask.runlog.max-line-length}: longer lines are cut there, and the cut is marked. */
    @WithDefault("2000")
    @Min(1)
    int maxLineLength();

    /**
     * {@code ormtask.runlog.flush-interval}: a run's progress and new log lines are written at most this often (and
     * once more when it ends), outside its transaction, by one flusher per node sharing one commit between runs.
     */
    @WithDefault("1s")
    @DurationMin(millis = 10)
    Duration flushInterval();
}
