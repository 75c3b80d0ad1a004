package dev.ormtask.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A task datasource without a URL, or switched off, takes its persistence unit and its Flyway with it, so the rest of
 * the service starts; never over an explicit setting, and never for one that can start.
 */
class InactiveDataSourceSwitchTest {

    private static final Map<String, String> UNIT = Map.of(
            "quarkus.datasource.\"reports\".db-kind", "postgresql",
            "quarkus.hibernate-orm.\"reports\".datasource", "reports",
            "quarkus.hibernate-orm.\"reports\".packages", "com.acme.reports");

    @Test
    void aUnitWhoseDatasourceHasNoUrlIsSwitchedOffWithItsFlyway() {
        SmallRyeConfig config = config(with(Map.of("quarkus.datasource.\"reports\".jdbc.url", "${REPORTS_URL_FOR_TEST:}")));
        assertEquals(Optional.of(false), config.getOptionalValue("quarkus.hibernate-orm.\"reports\".active", Boolean.class));
        assertEquals(Optional.of(false), config.getOptionalValue("quarkus.flyway.\"reports\".active", Boolean.class));
        assertEquals(Optional.of(false), active(Map.of()), "no URL at all");
    }

    @Test
    void aUnitWhoseDatasourceIsSwitchedOffIsSwitchedOff() {
        assertEquals(Optional.of(false), active(Map.of("quarkus.datasource.\"reports\".jdbc.url", "jdbc:postgresql://db/r",
                "quarkus.datasource.\"reports\".active", "false")));
    }

    @Test
    void aUnitWhoseDatasourceHasAUrlIsLeftAlone() {
        assertEquals(Optional.empty(), active(Map.of("quarkus.datasource.\"reports\".jdbc.url", "jdbc:postgresql://db/r")));
        Map<String, String> expanded = new HashMap<>(Map.of("quarkus.datasource.\"reports\".jdbc.url", "${REPORTS_URL:}",
                "REPORTS_URL", "jdbc:postgresql://db/r"));
        assertEquals(Optional.empty(), active(expanded), "the URL as its expression expands");
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals(Optional.of(true), active(Map.of("quarkus.hibernate-orm.\"reports\".active", "true")));
    }

    @Test
    void aUnitOfAnotherProfileIsLeftAlone() {
        Map<String, String> testOnly = Map.of(
                "%test.quarkus.datasource.\"maria\".db-kind", "mariadb",
                "%test.quarkus.hibernate-orm.\"maria\".datasource", "maria");
        SmallRyeConfig config = config(testOnly);
        assertEquals(Optional.empty(), config.getOptionalValue("quarkus.hibernate-orm.\"maria\".active", Boolean.class));
    }

    private static Map<String, String> with(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(UNIT);
        all.putAll(more);
        return all;
    }

    private static Optional<Boolean> active(Map<String, String> more) {
        return config(with(more)).getOptionalValue("quarkus.hibernate-orm.\"reports\".active", Boolean.class);
    }

    private static SmallRyeConfig config(Map<String, String> applicationProperties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(new InactiveDataSourceSwitch())
                .build();
    }
}
