package dev.ormtask.datasource;

import dev.ormtask.config.DaemonThreads;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** Asks datasources whether they answer, all at once and within a bounded time, so a dead one cannot hang a caller. */
@Singleton
public class DataSourceProbe {

    private static final int TIMEOUT_SECONDS = 3;
    static final String STOPPING = "not probed: the service is stopping";
    static final String NO_ANSWER = "no answer within " + TIMEOUT_SECONDS + " s";
    /** The answer for a datasource that is configured but not active: never connected to, so never "down". */
    public static final String INACTIVE = "inactive: no URL configured, or switched off";

    private final DataSourceCatalog catalog;
    private final ConnectionHealth health;
    private final ExecutorService probes = Executors.newCachedThreadPool(DaemonThreads.named("ormtask-datasource-probe"));

    DataSourceProbe(DataSourceCatalog catalog, ConnectionHealth health) {
        this.catalog = catalog;
        this.health = health;
    }

    @PreDestroy
    void stop() {
        probes.shutdownNow();
    }

    /**
     * For each name: null when it answered, else why not; for one that gave no answer within the bound, its answer
     * when it comes ({@code lateAnswers}). A refused connection, say, surfaces only when the pool gives up waiting for
     * one (its acquisition timeout), after the bound: "no answer" is then not the real cause.
     */
    public Map<String, String> probe(List<String> names, BiConsumer<String, String> lateAnswers) {
        Map<String, CompletableFuture<String>> pending = new LinkedHashMap<>();
        for (String name : names) {
            CompletableFuture<String> check;
            try {
                check = CompletableFuture.supplyAsync(() -> check(name), probes);
            } catch (RejectedExecutionException e) {
                // The scheduler may fire once more while the service stops: an answer, not an ERROR with a stack.
                check = CompletableFuture.completedFuture(STOPPING);
            }
            CompletableFuture<String> late = check;
            pending.put(name, check.copy().completeOnTimeout(NO_ANSWER, TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((answer, e) -> {
                        if (answer == NO_ANSWER) {
                            late.thenAccept(problem -> lateAnswers.accept(name, problem));
                        }
                    }));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        pending.forEach((name, answer) -> problems.put(name, answer.join()));
        return problems;
    }

    private String check(String name) {
        var dataSource = catalog.dataSource(name);
        if (dataSource.isEmpty()) {
            return INACTIVE;
        }
        // A pooled connection that died with a restart says nothing about the database: flush and ask once more.
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.get().getConnection()) {
                if (c.isValid(TIMEOUT_SECONDS)) {
                    return null;
                }
                if (attempt == 2) {
                    return "the connection did not validate";
                }
                health.afterFailure(dataSource.get(), name, new SQLException("the connection did not validate", "08003"));
            } catch (SQLException e) {
                health.afterFailure(dataSource.get(), name, e);
                if (attempt == 2 || !ConnectionHealth.isConnectionLoss(e)) {
                    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
            } catch (RuntimeException e) {
                return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
    }
}
