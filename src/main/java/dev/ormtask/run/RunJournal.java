package dev.ormtask.run;

import dev.ormtask.history.RunJournalStore.LineWrite;
import dev.ormtask.history.RunJournalStore.ProgressWrite;
import dev.ormtask.history.RunJournalStore.Trim;
import dev.ormtask.task.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * What one run reports about itself while it executes (its latest progress and the lines it logs), held in memory
 * until {@link RunJournals} writes it: at most once per flush interval while the run goes on, and once more when it
 * ends. Secret parameter values are masked before anything is kept; the lines held are bounded.
 */
final class RunJournal {

    /** The longest progress message kept (the column's size). */
    static final int MAX_MESSAGE = 500;

    private final String runId;
    private final Secrets secrets;
    private final int maxLines;
    private final int maxLineLength;
    private final Duration interval;
    private final Clock clock;

    // All guarded by this.
    private long done;
    private Long total;
    private String message;
    private Instant reportedAt;
    private boolean progressDirty;
    private final ArrayDeque<LineWrite> lines = new ArrayDeque<>();
    private int lastSeq;
    private int trimmedUpTo;
    private Instant lastWrite;
    private boolean closed;

    RunJournal(String runId, Secrets secrets, RunLogConfig config, Clock clock) {
        this.runId = runId;
        this.secrets = secrets;
        this.maxLines = Math.max(1, config.maxLines());
        this.maxLineLength = Math.max(80, config.maxLineLength());
        this.interval = config.flushInterval();
        this.clock = clock;
    }

    String runId() {
        return runId;
    }

    Secrets secrets() {
        return secrets;
    }

    /** Replaces the run's progress; negative counts are taken as 0, a total of 0 or less as unknown. */
    synchronized void progress(long done, long total, String message) {
        this.done = Math.max(0, done);
        this.total = total > 0 ? total : null;
        this.message = cut(secrets.mask(message), MAX_MESSAGE);
        this.reportedAt = clock.instant();
        this.progressDirty = true;
    }

    /** Keeps a line the task logged (already formatted); masks secrets and cuts it to the configured length. */
    synchronized void line(String level, String text) {
        String masked = secrets.mask(text == null ? "null" : text);
        lines.addLast(new LineWrite(runId, ++lastSeq, clock.instant(), level, cut(masked, maxLineLength)));
        if (lines.size() > maxLines) {
            lines.removeFirst(); // it would be deleted right after being written: never write it
        }
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String marker = " … [cut: " + (text.length() - max) + " more characters]";
        return text.substring(0, Math.max(0, max - marker.length())) + marker;
    }

    /**
     * The run has ended: whatever it still holds is written at the next flush, whatever the interval. True when a
     * flush is to be waited for: one of its reports is held, or was taken by a flush that may still be writing it
     * (the run's end, recorded once this returns, must not be readable before its last lines are).
     */
    synchronized boolean close() {
        closed = true;
        return hasPending() || lastWrite != null;
    }

    /** Closed, and everything it held was written (or given up). */
    synchronized boolean drained() {
        return closed && !hasPending();
    }

    private boolean hasPending() {
        return progressDirty || !lines.isEmpty();
    }

    /** What is due for writing at {@code now}. */
    record Batch(ProgressWrite progress, List<LineWrite> lines, Trim trim, int trimmedBefore) {}

    /**
     * Takes what is due: null when nothing is, or when the last write of this open run was less than an interval
     * ago (the throttle), unless {@code force}. A closed run's rest is always due.
     */
    synchronized Batch take(Instant now, boolean force) {
        if (!hasPending()) {
            return null;
        }
        if (!closed && !force && lastWrite != null && Duration.between(lastWrite, now).compareTo(interval) < 0) {
            return null;
        }
        ProgressWrite progress = progressDirty ? new ProgressWrite(runId, done, total, message, reportedAt) : null;
        List<LineWrite> taken = List.copyOf(lines);
        int before = trimmedUpTo;
        Trim trim = null;
        int keepFrom = lastSeq - maxLines; // lines up to this seq fall out of the bound
        if (!taken.isEmpty() && keepFrom > trimmedUpTo) {
            trim = new Trim(runId, keepFrom);
            trimmedUpTo = keepFrom;
        }
        progressDirty = false;
        lines.clear();
        lastWrite = now;
        return new Batch(progress, taken, trim, before);
    }

    /** A batch that could not be written: held again for the next flush (newer progress wins, the bound holds). */
    synchronized void giveBack(Batch batch) {
        if (batch.progress() != null) {
            progressDirty = true; // the fields still hold this report, or a newer one
        }
        List<LineWrite> held = List.copyOf(lines);
        lines.clear();
        lines.addAll(batch.lines());
        lines.addAll(held);
        while (lines.size() > maxLines) {
            lines.removeFirst();
        }
        if (batch.trim() != null) {
            trimmedUpTo = batch.trimmedBefore();
        }
    }
}
