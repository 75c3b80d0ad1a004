package dev.ormtask.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which ORMTASK_* variables set nothing, and what the warning suggests instead. */
class UnknownVariablesTest {

    @Test
    void everySettingOfEveryMappingHasItsVariable() {
        Set<String> known = UnknownVariables.known();
        for (String variable : List.of("ORMTASK_RUN_WORKERS", "ORMTASK_RUN_MAX_QUEUED", "ORMTASK_SECURITY_TOKENS",
                "ORMTASK_API_MAX_WAIT", "ORMTASK_RUNLOG_MAX_LINES", "ORMTASK_SCHEDULE_ENABLED", "ORMTASK_DB_URL")) {
            assertTrue(known.contains(variable), variable + " in " + known);
        }
    }

    @Test
    void theVariablesApplicationPropertiesReadByNameAreAllKnown() throws Exception {
        Set<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(ORMTASK_[A-Z_]+)").matcher(
                Files.readString(Path.of("src/main/resources/application.properties")));
        while (m.find()) {
            read.add(m.group(1));
        }
        assertEquals(read, new TreeSet<>(UnknownVariables.READ_BY_NAME));
    }

    @Test
    void aTypoIsNamedWithTheVariableItMissedAndKubernetesOwnAreLeftAlone() {
        Set<String> known = UnknownVariables.known();
        List<String> warnings = UnknownVariables.warnings(List.of("ORMTASK_RUN_WORKRS", "ORMTASK_RUN_WORKERS",
                "ORMTASK_SERVICE_HOST", "ORMTASK_SERVICE_PORT_HTTP", "ORMTASK_PORT", "ORMTASK_PORT_8080_TCP_ADDR",
                "ORMTASK_TASKS__TICK__CRON", "PATH", "ORMTASK_COLOUR_SCHEME"), known);
        assertEquals(List.of(
                "Environment variable ORMTASK_COLOUR_SCHEME sets nothing and is ignored; README, \"Configuration\","
                        + " lists every setting and its variable",
                "Environment variable ORMTASK_RUN_WORKRS sets nothing and is ignored (did you mean ORMTASK_RUN_WORKERS?);"
                        + " README, \"Configuration\", lists every setting and its variable"), warnings);
    }
}
