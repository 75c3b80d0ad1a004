package dev.ormtask.datasource;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Asks datasources whether they answer, all at once and within a bounded time, so a dead one cannot hang a caller. */
@Singleton
public class DataSourceProbe {

    private static final int TIMEOUT_SECONDS = 3;

    private final DataSourceCatalog catalog;
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ormtask-datasource-probe");
        t.setDaemon(true);
        return t;
    });

    DataSourceProbe(DataSourceCatalog catalog) {
        this.catalog = catalog;
    }

    @PreDestroy
    void stop() {
        probes.shutdownNow();
    }

    /** For each name: null when it answered, else why not. */
    public Map<String, String> probe(List<String> names) {
        Map<String, CompletableFuture<String>> pending = new LinkedHashMap<>();
        for (String name : names) {
            pending.put(name, CompletableFuture.supplyAsync(() -> check(name), probes)
                    .completeOnTimeout("no answer within " + TIMEOUT_SECONDS + " s", TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        pending.forEach((name, answer) -> problems.put(name, answer.join()));
        return problems;
    }

    private String check(String name) {
        var dataSource = catalog.dataSource(name);
        if (dataSource.isEmpty()) {
            return "inactive: no URL configured";
        }
        try (Connection c = dataSource.get().getConnection()) {
            return c.isValid(TIMEOUT_SECONDS) ? null : "the connection did not validate";
        } catch (Exception e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
