package dev.ormtask.datasource;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each datasource answered at its last probe, refreshed in the background so that a start can refuse a
 * task whose datasource is down without a connection attempt of its own.
 */
@Singleton
public class DataSourceStatus {

    private final DataSourceCatalog catalog;
    private final DataSourceProbe probe;
    private final Map<String, String> problems = new ConcurrentHashMap<>();

    DataSourceStatus(DataSourceCatalog catalog, DataSourceProbe probe) {
        this.catalog = catalog;
        this.probe = probe;
    }

    @Scheduled(every = "${ormtask.datasource.probe-interval:10s}", identity = "ormtask-datasource-probe",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        record(probe.probe(List.copyOf(catalog.dbKinds().keySet())));
    }

    /** Records probe answers: null for a datasource that answered, else why not. */
    public void record(Map<String, String> answers) {
        answers.forEach((name, problem) -> {
            if (problem == null) {
                problems.remove(name);
            } else {
                problems.put(name, problem);
            }
        });
    }

    /** The datasources that did not answer their last probe, and why. */
    public Map<String, String> problems() {
        return Map.copyOf(problems);
    }

    /**
     * Why the datasource cannot take a run: {@link DataSourceProbe#INACTIVE} for one that is not active (known from
     * the start, before any probe), else why it did not answer at its last probe; null when it did.
     */
    public String problem(String name) {
        return catalog.exists(name) && !catalog.active(name) ? DataSourceProbe.INACTIVE : problems.get(name);
    }
}
