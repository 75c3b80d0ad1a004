package dev.ormtask.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The datasource layer is the bottom one: it uses shared utilities ({@code config}) and no other feature package. */
class DataSourceLayerTest {

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.ormtask\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void importsNoFeatureAboveIt() throws Exception {
        Path dir = Path.of("src", "main", "java", "dev", "ormtask", "datasource");
        List<String> offending = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.list(dir)) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                Matcher imported = IMPORT.matcher(Files.readString(source));
                while (imported.find()) {
                    if (!List.of("datasource", "config").contains(imported.group(1))) {
                        offending.add(source.getFileName() + " imports dev.ormtask." + imported.group(1));
                    }
                }
            }
        }
        assertTrue(files > 3, "read the datasource package's sources in " + dir.toAbsolutePath());
        assertEquals(List.of(), offending);
    }
}
