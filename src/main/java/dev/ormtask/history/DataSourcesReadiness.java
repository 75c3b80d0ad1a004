package dev.ormtask.history;

import dev.ormtask.datasource.DataSourceCatalog;
import dev.ormtask.datasource.DataSourceProbe;
import dev.ormtask.datasource.DataSourceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the history store answers. Every other datasource is reported too, as its last background probe found it:
 * one that is down only makes its own tasks unavailable (503 on start), not the whole service, and a probe of one that
 * hangs must not hold readiness past a Kubernetes probe's timeout (1 s by default). It lives beside the store so that
 * the datasource layer below knows nothing of history.
 */
@Readiness
@ApplicationScoped
public class DataSourcesReadiness implements HealthCheck {

    static final String NOT_PROBED = "not probed yet";

    private final DataSourceCatalog catalog;
    private final DataSourceStatus status;
    private final HistoryStore history;

    DataSourcesReadiness(DataSourceCatalog catalog, DataSourceStatus status, HistoryStore history) {
        this.catalog = catalog;
        this.status = status;
        this.history = history;
    }

    @Override
    public HealthCheckResponse call() {
        String historyProblem = status.probeNow(List.of(history.name())).get(history.name());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("datasources").status(historyProblem == null);
        for (String name : catalog.dbKinds().keySet()) {
            boolean isHistory = name.equals(history.name());
            response.withData(name + (isHistory ? " (history)" : ""),
                    isHistory ? describe(historyProblem) : lastKnownStateOf(name));
        }
        return response.build();
    }

    private String lastKnownStateOf(String name) {
        String problem = status.problem(name);
        return problem == null && !status.probed(name) ? NOT_PROBED : describe(problem);
    }

    private static String describe(String problem) {
        if (problem == null) {
            return "up";
        }
        return DataSourceProbe.INACTIVE.equals(problem) ? problem : "down: " + problem;
    }
}
