package dev.ormtask.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the embedded H2 default is switched off: only when it is H2 and history is kept elsewhere, never over an explicit setting. */
class EmbeddedHistorySwitchTest {

    private static final String PG_URL = "quarkus.datasource.\"postgres\".jdbc.url";

    @Test
    void offWhenPostgresHasAUrl() {
        assertEquals(Optional.of(false), active(Map.of("quarkus.datasource.db-kind", "h2", PG_URL, "jdbc:postgresql://db/x")));
    }

    @Test
    void leftAloneWhileItHoldsHistory() {
        assertEquals(Optional.empty(), active(Map.of("quarkus.datasource.db-kind", "h2")));
        assertEquals(Optional.empty(), active(Map.of("quarkus.datasource.db-kind", "h2", PG_URL, "")));
        assertEquals(Optional.empty(), active(Map.of("quarkus.datasource.db-kind", "h2", PG_URL, "jdbc:postgresql://db/x",
                "ormtask.history.datasource", "<default>")));
    }

    @Test
    void leftAloneWhenPostgresIsSwitchedOffDespiteItsUrl() {
        // HistoryStore then keeps history on the default: switching it off too would stop the start.
        assertEquals(Optional.empty(), active(Map.of("quarkus.datasource.db-kind", "h2", PG_URL, "jdbc:postgresql://db/x",
                "quarkus.datasource.\"postgres\".active", "false")));
    }

    @Test
    void anEmptyHistorySettingNamesNoDatasource() {
        // As HistoryConfig reads it (an empty value is no value), e.g. ORMTASK_HISTORY_DATASOURCE= in an environment.
        assertEquals(Optional.empty(), active(Map.of("quarkus.datasource.db-kind", "h2", "ormtask.history.datasource", "")));
        assertEquals(Optional.of(false), active(Map.of("quarkus.datasource.db-kind", "h2", "ormtask.history.datasource", "",
                PG_URL, "jdbc:postgresql://db/x")));
    }

    @Test
    void offWhenHistoryIsNamedElsewhere() {
        assertEquals(Optional.of(false), active(Map.of("quarkus.datasource.db-kind", "h2",
                "ormtask.history.datasource", "history")));
    }

    @Test
    void aDefaultThatIsNotH2IsLeftAlone() {
        assertEquals(Optional.empty(), active(Map.of("quarkus.datasource.db-kind", "postgresql", PG_URL, "jdbc:postgresql://db/x")));
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals(Optional.of(true), active(Map.of("quarkus.datasource.db-kind", "h2", PG_URL, "jdbc:postgresql://db/x",
                "quarkus.datasource.active", "true")));
    }

    @Test
    void readsTheUrlThroughExpressions() {
        // application.properties sets the URL as ${ORMTASK_DB_URL:}: the switch must see what it expands to.
        Map<String, String> properties = new HashMap<>(Map.of("quarkus.datasource.db-kind", "h2", PG_URL, "${DB_URL_FOR_TEST:}"));
        assertEquals(Optional.empty(), active(properties));
        properties.put("DB_URL_FOR_TEST", "jdbc:postgresql://db/x");
        assertEquals(Optional.of(false), active(properties));
    }

    private static Optional<Boolean> active(Map<String, String> applicationProperties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(new EmbeddedHistorySwitch())
                .build();
        return config.getOptionalValue(EmbeddedHistorySwitch.ACTIVE, Boolean.class);
    }
}
