package dev.ormtask.history;

import jakarta.inject.Singleton;
import java.time.Instant;

/** The {@code node_heartbeat} table: each node's last sign of life. */
@Singleton
public class NodeHeartbeats {

    private final HistoryJdbc jdbc;

    NodeHeartbeats(HistoryJdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void beat(String node, Instant at) {
        int updated = jdbc.update("UPDATE node_heartbeat SET beat_at = ? WHERE node = ?", ps -> {
            HistoryJdbc.setTime(ps, 1, at);
            ps.setString(2, node);
        });
        if (updated == 0) {
            try {
                jdbc.update("INSERT INTO node_heartbeat (node, beat_at) VALUES (?, ?)", ps -> {
                    ps.setString(1, node);
                    HistoryJdbc.setTime(ps, 2, at);
                });
            } catch (HistoryUnavailableException e) {
                if (!HistoryDialect.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }
}
