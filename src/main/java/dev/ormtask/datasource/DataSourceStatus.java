package dev.ormtask.datasource;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each datasource answered at its last probe, refreshed in the background so that a start can refuse a
 * task whose datasource is down, and readiness can list it, without waiting for a connection attempt of their own.
 */
@Singleton
public class DataSourceStatus {

    private final DataSourceCatalog catalog;
    private final DataSourceProbe probe;
    private final DataSourceConfig config;
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final Set<String> probed = ConcurrentHashMap.newKeySet();

    DataSourceStatus(DataSourceCatalog catalog, DataSourceProbe probe, DataSourceConfig config) {
        this.catalog = catalog;
        this.probe = probe;
        this.config = config;
    }

    // Not held back until the start is done (config.BeforeStart): readiness lists the task datasources as this probe
    // found them, and until a first probe it could only say "not probed yet", for a whole interval.
    @Scheduled(every = "${ormtask.datasource.probe-interval}", identity = "ormtask-datasource-probe",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        probeNow(List.copyOf(catalog.dbKinds().keySet()));
    }

    /**
     * Probes these datasources now, each within the probe's bound, records the answers and returns what is known of
     * each: null when it answered, else why not.
     */
    public Map<String, String> probeNow(List<String> names) {
        Map<String, String> known = new LinkedHashMap<>();
        probe.probe(names, this::recordLate).forEach((name, problem) -> {
            record(name, problem);
            known.put(name, problems.get(name));
        });
        return known;
    }

    private void record(String name, String problem) {
        probed.add(name);
        if (problem == null) {
            problems.remove(name);
        } else if (DataSourceProbe.NO_ANSWER.equals(problem)) {
            // Most likely still down for the same reason: the cause a late answer gave stays until the next one comes.
            problems.putIfAbsent(name, problem);
        } else {
            problems.put(name, problem);
        }
    }

    // The real cause behind "no answer" (or that it did answer, slowly); nothing once a newer probe has found it up.
    private void recordLate(String name, String problem) {
        if (problems.containsKey(name)) {
            record(name, problem);
        }
    }

    /** When a start refused for a datasource that is down may try again: at the next probe. */
    public Duration retryAfter() {
        return config.probeInterval();
    }

    /** The datasources that did not answer their last probe, and why. */
    public Map<String, String> problems() {
        return Map.copyOf(problems);
    }

    /** Whether the datasource has been probed since the service started. */
    public boolean probed(String name) {
        return probed.contains(name);
    }

    /**
     * Why the datasource cannot take a run: {@link DataSourceProbe#INACTIVE} for one that is not active (known from
     * the start, before any probe), else why it did not answer at its last probe; null when it did.
     */
    public String problem(String name) {
        return catalog.exists(name) && !catalog.active(name) ? DataSourceProbe.INACTIVE : problems.get(name);
    }
}
