package dev.ormtask.history;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where run history lives and how it is read: {@code ormtask.history.*}. */
@ConfigMapping(prefix = "ormtask.history")
public interface HistoryConfig {

    /**
     * {@code ormtask.history.datasource}: the Quarkus datasource holding run history. Unset: {@code postgres}
     * when that datasource is active (its URL is set), else the embedded default.
     */
    Optional<String> datasource();

    /** {@code ormtask.history.max-page-size}: the largest {@code limit} of {@code GET /api/runs}. */
    @WithDefault("500")
    int maxPageSize();

    /** {@code ormtask.history.default-page-size}: {@code limit} when a client gives none. */
    @WithDefault("50")
    int defaultPageSize();
}
