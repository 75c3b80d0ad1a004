package dev.ormtask.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The "maria" datasource points at a port where nothing listens: a task datasource that is down. */
public class MariaDbOnAClosedPort implements QuarkusTestProfile {

    /** In the URL on purpose: the datasource listing and readiness must show why it is down, never its credentials. */
    public static final String SECRET = "never-shown-7f3a";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.\"maria\".jdbc.url", "jdbc:mariadb://127.0.0.1:1/none?connectTimeout=500&user=ormtask&password=" + SECRET,
                "quarkus.datasource.\"maria\".active", "true",
                "quarkus.hibernate-orm.\"maria\".active", "true",
                "quarkus.flyway.\"maria\".migrate-at-start", "false",
                // Its pool waits this long for a connection that cannot be made: longer than a probe waits.
                "quarkus.datasource.\"maria\".jdbc.acquisition-timeout", "5s",
                "ormtask.datasource.probe-interval", "1s");
    }
}
