package dev.ormtask.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.ServiceNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/cds-archive.sh} writes an archive the JVM accepts ({@code -Xshare:on} refuses to start otherwise),
 * and the service started with it takes its classes, the service's own among them, from the archive.
 */
class CdsArchiveIT {

    private static final String TOKEN = UUID.randomUUID().toString().replace("-", "");
    private static final String SHARED = "source: shared objects file";

    @TempDir
    Path dir;

    @Test
    void theServiceStartsWithItsClassesFromTheArchiveTheScriptWrites() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        Path archive = dir.resolve("app.jsa");
        Path scriptLog = dir.resolve("cds-archive.log");
        ProcessBuilder script = new ProcessBuilder("bash", "deploy/cds-archive.sh", jar.toString(), archive.toString(),
                "-XX:+UseSerialGC")
                .redirectErrorStream(true)
                .redirectOutput(scriptLog.toFile());
        ServiceNode.withoutServiceSettings(script);
        script.environment().put("JAVA_HOME", System.getProperty("java.home"));
        script.environment().put("CDS_TRAINING_PORT", Integer.toString(ServiceNode.freePorts(1)[0]));
        Process training = script.start();
        assertTrue(training.waitFor(240, TimeUnit.SECONDS), "the script ended within 4 minutes");
        assertEquals(0, training.exitValue(), Files.readString(scriptLog));
        assertTrue(Files.size(archive) > 0, Files.readString(scriptLog));

        Path classes = dir.resolve("classes.txt");
        ServiceNode node = new ServiceNode("cds-archive-it", jar, ServiceNode.freePorts(1)[0], TOKEN);
        node.start(List.of("-XX:+UseSerialGC", "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load:file=" + classes), Map.of(
                        "ORMTASK_DATA_DIR", Files.createDirectories(dir.resolve("data")).toString(),
                        "ORMTASK_SECURITY_TOKENS", "it:operator:" + TOKEN));
        try {
            node.awaitReady();
            assertEquals("SUCCEEDED", node.post("/api/tasks/monthly-request-count/runs", "{}", 200).path("status")
                    .asText(), "a run goes through on the archived classes");
        } finally {
            node.stopGracefully();
        }
        List<String> loaded = Files.readAllLines(classes).stream().filter(line -> line.contains("source: ")).toList();
        long shared = loaded.stream().filter(line -> line.contains(SHARED)).count();
        System.out.printf("CdsArchiveIT: %d of %d classes came from the archive%n", shared, loaded.size());
        assertTrue(loaded.stream().anyMatch(line -> line.contains(" dev.ormtask.history.HistoryStore " + SHARED)),
                "the service's own classes come from the archive");
        // Not all: the run and the requests after start load classes the training start did not.
        assertTrue(shared * 2 >= loaded.size(), "most classes come from the archive: " + shared + " of " + loaded.size());
    }
}
