package dev.ormtask.history;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code run_progress} and {@code run_log} tables: what running tasks report about themselves. Writes come in
 * batches from one flusher per node (many runs, one transaction), never from a task's own transaction.
 */
@Singleton
public class RunJournalStore {

    private final HistoryJdbc jdbc;

    @Inject
    RunJournalStore(HistoryJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** On another database with the history schema (tests). */
    public static RunJournalStore on(javax.sql.DataSource dataSource) {
        return new RunJournalStore(new HistoryJdbc(dataSource));
    }

    /** A progress report to write; {@code total} null when unknown. */
    public record ProgressWrite(String runId, long done, Long total, String message, Instant at) {}

    /** A log line to write. */
    public record LineWrite(String runId, int seq, Instant at, String level, String message) {}

    /** Deletes a run's lines up to {@code upToSeq}: they fell out of its bound. */
    public record Trim(String runId, int upToSeq) {}

    /** Writes everything in one transaction: all of it, or (on an exception) none of it. */
    public void write(List<ProgressWrite> progress, List<LineWrite> lines, List<Trim> trims) {
        if (progress.isEmpty() && lines.isEmpty() && trims.isEmpty()) {
            return;
        }
        jdbc.inTransaction(c -> {
            writeProgress(c, progress);
            writeLines(c, lines);
            trim(c, trims);
            return null;
        });
    }

    // One statement per report: update counts of batches are not reliable on every driver, and a node has at most
    // a few dozen runs reporting per flush.
    private static void writeProgress(Connection c, List<ProgressWrite> progress) throws SQLException {
        if (progress.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE run_progress SET done_count = ?, total_count = ?,"
                + " message = ?, updated_at = ?, write_count = write_count + 1 WHERE run_id = ?");
                PreparedStatement insert = c.prepareStatement("INSERT INTO run_progress (run_id, done_count,"
                        + " total_count, message, updated_at, write_count) VALUES (?, ?, ?, ?, ?, 1)")) {
            for (ProgressWrite p : progress) {
                update.setLong(1, p.done());
                update.setObject(2, p.total(), Types.BIGINT);
                update.setString(3, p.message());
                HistoryJdbc.setTime(update, 4, p.at());
                update.setString(5, p.runId());
                if (update.executeUpdate() == 0) {
                    insert.setString(1, p.runId());
                    insert.setLong(2, p.done());
                    insert.setObject(3, p.total(), Types.BIGINT);
                    insert.setString(4, p.message());
                    HistoryJdbc.setTime(insert, 5, p.at());
                    insert.executeUpdate();
                }
            }
        }
    }

    private static void writeLines(Connection c, List<LineWrite> lines) throws SQLException {
        if (lines.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_log (run_id, seq, logged_at, log_level, message)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            for (LineWrite line : lines) {
                ps.setString(1, line.runId());
                ps.setInt(2, line.seq());
                HistoryJdbc.setTime(ps, 3, line.at());
                ps.setString(4, line.level());
                ps.setString(5, line.message());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void trim(Connection c, List<Trim> trims) throws SQLException {
        if (trims.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM run_log WHERE run_id = ? AND seq <= ?")) {
            for (Trim t : trims) {
                ps.setString(1, t.runId());
                ps.setInt(2, t.upToSeq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The run's last progress report, if it made one. */
    public Optional<RunProgress> progress(String runId) {
        return jdbc.query("SELECT run_id, done_count, total_count, message, updated_at, write_count FROM run_progress"
                + " WHERE run_id = ?", ps -> ps.setString(1, runId), RunJournalStore::readProgress)
                .stream().findFirst().map(Map.Entry::getValue);
    }

    /** The last progress reports of these runs (a page of them at most), by run id. */
    public Map<String, RunProgress> progress(Collection<String> runIds) {
        Map<String, RunProgress> found = new HashMap<>();
        if (runIds.isEmpty()) {
            return found;
        }
        List<String> ids = List.copyOf(runIds);
        jdbc.query("SELECT run_id, done_count, total_count, message, updated_at, write_count FROM run_progress"
                + " WHERE run_id IN (" + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")", ps -> {
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setString(i + 1, ids.get(i));
                    }
                }, RunJournalStore::readProgress).forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    private static Map.Entry<String, RunProgress> readProgress(java.sql.ResultSet rs) throws SQLException {
        long total = rs.getLong(3);
        Long knownTotal = rs.wasNull() ? null : total;
        return Map.entry(rs.getString(1), new RunProgress(rs.getLong(2), knownTotal, rs.getString(4),
                HistoryJdbc.time(rs, 5), rs.getInt(6)));
    }

    /** A run's kept log lines after {@code afterSeq}, oldest first, and how many of its lines were dropped. */
    /** Lines after the asked-for one; {@code newestSeq}: the run's last line so far (0 when none). */
    public record LogPage(List<RunLogLine> lines, int droppedLines, int newestSeq) {}

    public LogPage log(String runId, int afterSeq, int limit) {
        List<RunLogLine> lines = jdbc.query("SELECT seq, logged_at, log_level, message FROM run_log"
                + " WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT " + limit, ps -> {
                    ps.setString(1, runId);
                    ps.setInt(2, afterSeq);
                }, rs -> new RunLogLine(rs.getInt(1), HistoryJdbc.time(rs, 2), rs.getString(3), rs.getString(4)));
        int[] kept = jdbc.query("SELECT MIN(seq), MAX(seq) FROM run_log WHERE run_id = ?", ps -> ps.setString(1, runId),
                rs -> new int[] {rs.getInt(1), rs.getInt(2)}).get(0);
        return new LogPage(lines, Math.max(0, kept[0] - 1), kept[1]);
    }

    /** Deletes what these runs reported (housekeeping, after the runs themselves were deleted). */
    public void delete(List<String> runIds) {
        if (runIds.isEmpty()) {
            return;
        }
        String in = String.join(", ", java.util.Collections.nCopies(runIds.size(), "?"));
        for (String table : List.of("run_log", "run_progress")) {
            jdbc.update("DELETE FROM " + table + " WHERE run_id IN (" + in + ")", ps -> {
                for (int i = 0; i < runIds.size(); i++) {
                    ps.setString(i + 1, runIds.get(i));
                }
            });
        }
    }
}
