package dev.ormtask.datasource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Switches off the persistence unit and the Flyway of a named task datasource that is not active (no URL, or
 * {@code active=false}), so that its tasks are refused (503) while the service runs its other tasks. Without it Quarkus
 * stops the whole start ("Unable to find datasource … for persistence unit …: Bean is not active") unless the operator
 * also sets {@code quarkus.hibernate-orm."x".active=false} and {@code quarkus.flyway."x".active=false}.
 * Registered in META-INF/services; its ordinal is below application.properties, so an explicit setting anywhere wins.
 */
public class InactiveDataSourceSwitch implements ConfigSourceFactory {

    static final int ORDINAL = 190;
    // A named persistence unit, as application.properties declares one (optionally for one profile).
    private static final Pattern UNIT = Pattern.compile("^(?:%[^.]+\\.)?quarkus\\.hibernate-orm\\.\"([^\"]+)\"\\.datasource$");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> switchedOff = new TreeMap<>();
        for (Iterator<String> names = context.iterateNames(); names.hasNext(); ) {
            Matcher unit = UNIT.matcher(names.next());
            if (!unit.matches()) {
                continue;
            }
            String name = unit.group(1);
            String datasource = value(context, "quarkus.hibernate-orm.\"" + name + "\".datasource");
            if (isBlank(datasource) || datasource.strip().startsWith("<") || active(context, datasource.strip())) {
                continue; // not a unit of this profile, one on the default datasource, or one that can start
            }
            switchedOff.put("quarkus.hibernate-orm.\"" + name + "\".active", "false");
            switchedOff.put("quarkus.flyway.\"" + datasource.strip() + "\".active", "false");
        }
        return switchedOff.isEmpty() ? List.of()
                : List.of(new PropertiesConfigSource(switchedOff, "ormtask inactive datasource switch", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** Quarkus' own rule for a JDBC datasource: active unless switched off or without a URL. */
    private static boolean active(ConfigSourceContext context, String datasource) {
        String prefix = "quarkus.datasource.\"" + datasource + "\".";
        String active = value(context, prefix + "active");
        return !"false".equalsIgnoreCase(active == null ? "" : active.strip())
                && !isBlank(value(context, prefix + "jdbc.url"));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
