package dev.ormtask.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Who may call the service: {@code ormtask.security.*}. */
@ConfigMapping(prefix = "ormtask.security")
public interface SecurityConfig {

    /**
     * {@code ormtask.security.enabled}: false lets every request in as an anonymous admin, with a warning at every
     * start. Only for a closed network or a local trial.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * {@code ormtask.security.tokens}: API clients, comma-separated, each {@code name:role[+role…]:token}, e.g.
     * {@code airflow:operator:9f2c…,grafana:viewer:77ab…}. Roles: viewer, operator, admin, plus any extra role a task
     * requires. None configured: an admin token is generated at first start (see README).
     */
    Optional<List<String>> tokens();

    /** {@code ormtask.security.admin-token-file}: where the generated admin token is kept. */
    @WithDefault("${ORMTASK_DATA_DIR:./data}/admin-token")
    String adminTokenFile();
}
