package dev.ormtask.history;

import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Switches the embedded H2 default datasource off when run history is kept elsewhere: it then holds nothing, and
 * probing it every few seconds created an empty database file (or, where the data directory is not writable, showed
 * a datasource "down" that nobody uses). It decides with the same rule as {@link HistoryStore}: history goes to
 * {@code postgres} when that datasource is active (it has a URL and is not switched off), unless
 * {@code ormtask.history.datasource} names another one (an empty value names none).
 * Registered in META-INF/services; its ordinal is below application.properties, so an explicit
 * {@code quarkus.datasource.active} anywhere wins.
 */
public class EmbeddedHistorySwitch implements ConfigSourceFactory {

    static final String ACTIVE = "quarkus.datasource.active";
    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean embeddedDefault = "h2".equals(value(context, "quarkus.datasource.db-kind"));
        String history = value(context, "ormtask.history.datasource");
        String postgres = "quarkus.datasource.\"" + HistoryStore.POSTGRES + "\".";
        boolean historyElsewhere = !isBlank(history)
                ? !history.strip().equals(DataSourceUtil.DEFAULT_DATASOURCE_NAME)
                : !isBlank(value(context, postgres + "jdbc.url"))
                        && !"false".equalsIgnoreCase(String.valueOf(value(context, postgres + "active")).strip());
        if (!embeddedDefault || !historyElsewhere) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(ACTIVE, "false"), "ormtask embedded history switch", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
