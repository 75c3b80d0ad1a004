package dev.ormtask.history;

import dev.ormtask.datasource.DataSourceCatalog;
import dev.ormtask.datasource.DataSourceProbe;
import dev.ormtask.datasource.DataSourceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the history store answers. Every other datasource is reported too, but one that is down only makes its
 * own tasks unavailable (503 on start), not the whole service. It lives beside the store so that the datasource layer
 * below knows nothing of history.
 */
@Readiness
@ApplicationScoped
public class DataSourcesReadiness implements HealthCheck {

    private final DataSourceCatalog catalog;
    private final DataSourceProbe probe;
    private final DataSourceStatus status;
    private final HistoryStore history;

    DataSourcesReadiness(DataSourceCatalog catalog, DataSourceProbe probe, DataSourceStatus status, HistoryStore history) {
        this.catalog = catalog;
        this.probe = probe;
        this.status = status;
        this.history = history;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> answers = probe.probe(List.copyOf(catalog.dbKinds().keySet()));
        status.record(answers);
        HealthCheckResponseBuilder response = HealthCheckResponse.named("datasources")
                .status(answers.get(history.name()) == null);
        answers.forEach((name, problem) -> response.withData(
                name + (name.equals(history.name()) ? " (history)" : ""), state(problem)));
        return response.build();
    }

    private static String state(String problem) {
        if (problem == null) {
            return "up";
        }
        return DataSourceProbe.INACTIVE.equals(problem) ? problem : "down: " + problem;
    }
}
