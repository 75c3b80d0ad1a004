package dev.ormtask.history;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;

/** The {@code node_heartbeat} table: each node's last sign of life, and which process gave it. */
@Singleton
public class NodeHeartbeats {

    /** A node's last beat: when, and by which process (null once released at a clean stop). */
    public record Beat(Instant at, String instance) {}

    private final HistoryJdbc jdbc;

    NodeHeartbeats(HistoryJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The node's last beat, if it ever beat. */
    public Optional<Beat> last(String node) {
        return jdbc.query("SELECT beat_at, instance_id FROM node_heartbeat WHERE node = ?", ps -> ps.setString(1, node),
                rs -> new Beat(HistoryJdbc.time(rs, 1), rs.getString(2))).stream().findFirst();
    }

    /**
     * Beats for {@code instance}, taking the name over from a process that released it or whose beat is older than
     * {@code takeOverBefore} (null: from any); false when another process beat under the name since then (it is
     * alive).
     */
    public boolean beat(String node, String instance, Instant at, Instant takeOverBefore) {
        int updated = jdbc.update("UPDATE node_heartbeat SET beat_at = ?, instance_id = ? WHERE node = ?"
                + (takeOverBefore == null ? "" : " AND (instance_id IS NULL OR instance_id = ? OR beat_at < ?)"), ps -> {
                    HistoryJdbc.setTime(ps, 1, at);
                    ps.setString(2, instance);
                    ps.setString(3, node);
                    if (takeOverBefore != null) {
                        ps.setString(4, instance);
                        HistoryJdbc.setTime(ps, 5, takeOverBefore);
                    }
                });
        if (updated == 1) {
            return true;
        }
        try {
            jdbc.update("INSERT INTO node_heartbeat (node, beat_at, instance_id) VALUES (?, ?, ?)", ps -> {
                ps.setString(1, node);
                HistoryJdbc.setTime(ps, 2, at);
                ps.setString(3, instance);
            });
            return true;
        } catch (HistoryUnavailableException e) {
            if (!HistoryDialect.isUniqueViolation(e)) {
                throw e;
            }
            return false; // the row is there: another live process holds the name (or just inserted it)
        }
    }

    /** At a clean stop: the name is free for the next process at once, without waiting for this one's beat to age. */
    public void release(String node, String instance) {
        jdbc.update("UPDATE node_heartbeat SET instance_id = NULL WHERE node = ? AND instance_id = ?", ps -> {
            ps.setString(1, node);
            ps.setString(2, instance);
        });
    }
}
