package dev.ormtask.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A probe that fires while the service stops answers for each datasource instead of throwing. */
class DataSourceProbeTest {

    @Test
    void aProbeAfterStopSaysTheServiceIsStopping() {
        DataSourceProbe probe = new DataSourceProbe(new DataSourceCatalog(Map.of("app", "postgresql")),
                new ConnectionHealth());
        probe.stop();

        assertEquals(Map.of("app", DataSourceProbe.STOPPING), probe.probe(List.of("app"), (name, late) -> { }));
    }
}
