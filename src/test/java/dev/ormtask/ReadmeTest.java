package dev.ormtask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a task writer and an operator look up in the README is there, and true of the service as built. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class ReadmeTest {

    private static String section(String heading) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "README has a section '" + heading + "'");
        int level = heading.indexOf(' ');
        Matcher next = Pattern.compile("\n#{1," + level + "} ").matcher(readme);
        int end = next.find(start + heading.length() + 1) ? next.start() : readme.length();
        return readme.substring(start, end);
    }

    /** Every column of every history table, as the migrations made them, and no column that is not there. */
    @Test
    void theHistoryTablesAreDocumentedColumnByColumn() throws Exception {
        Map<String, Set<String>> actual = new TreeMap<>();
        try (Connection c = TestDb.connect("postgres");
                ResultSet rs = c.createStatement().executeQuery("SELECT table_name, column_name FROM"
                        + " information_schema.columns WHERE table_schema = 'public'"
                        + " AND table_name <> 'flyway_schema_history'")) {
            while (rs.next()) {
                actual.computeIfAbsent(rs.getString(1), t -> new TreeSet<>()).add(rs.getString(2));
            }
        }
        assertTrue(actual.containsKey("task_run"), "the history tables were read: " + actual.keySet());
        String section = section("## Run history tables");
        Map<String, Set<String>> documented = new TreeMap<>();
        String table = null;
        for (String line : section.lines().toList()) {
            Matcher caption = Pattern.compile("^`([a-z_]+)`: ").matcher(line);
            Matcher row = Pattern.compile("^\\| `([a-z_]+)` \\|").matcher(line);
            if (caption.find()) {
                table = caption.group(1);
                documented.put(table, new TreeSet<>());
            } else if (row.find() && table != null) {
                documented.get(table).add(row.group(1));
            }
        }
        assertEquals(actual, documented, "README, \"Run history tables\", against the history database");
    }

    @Test
    void writingATaskSaysWhatATaskWriterNeeds() throws Exception {
        String section = section("## Writing a task");
        List<String> missing = new ArrayList<>();
        for (String needed : List.of("required = true", "defaultValue", "cannot have a required parameter",
                "PanacheEntity", "_seq", "INCREMENT BY 50", "PanacheEntityBase", "GenerationType.IDENTITY",
                "years 0001 to 9999", "1000 digits", "### The development loop", "./mvnw quarkus:dev",
                "data/admin-token", "/q/dev-ui")) {
            if (!section.contains(needed)) {
                missing.add(needed);
            }
        }
        assertTrue(missing.isEmpty(), "README, \"Writing a task\", lacks " + missing);
    }

    @Test
    void theRulesChosenForBadInputAreStated() throws Exception {
        String api = section("## REST API");
        String security = section("## Security");
        String configuration = section("## Configuration");
        for (String[] rule : new String[][] {
            {api, "415"}, {api, "application/x-www-form-urlencoded"}, {api, "`curl -d`"}, {api, "case-sensitive"},
            {api, "`?dryRun`"}, {api, "An empty key"}, {api, "`Allow`"}, {api, "quarkusio/quarkus#55082"},
            {security, "A token file it cannot trust stops the start"}, {security, "same token stop the start"},
            {security, "ignore credentials"},
            {configuration, "ORMTASK_TASKS__PURGE_EXPIRED_SESSIONS__CRON"}, {configuration, "names no task"}}) {
            assertTrue(rule[0].contains(rule[1]), "README states: " + rule[1]);
        }
    }
}
