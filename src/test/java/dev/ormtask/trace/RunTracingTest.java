package dev.ormtask.trace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunIds;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.Trigger;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * A start that carries a W3C traceparent: the run stores it and returns its trace id, its work is a span whose parent
 * is the caller's span (also when another replica executes it), and its log lines carry the trace id beside the run
 * id.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class RunTracingTest {

    private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("ormtask.run.id");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    InMemorySpanExporter spans;

    @Inject
    RunHistory history;

    @Inject
    Clock clock;

    @Test
    void aStartInACallersTraceRunsAsASpanOfThatTraceWithTheTraceIdInItsLogLines() throws Exception {
        String traceId = hex(16);
        String callerSpanId = hex(8);
        String traceparent = "00-" + traceId + "-" + callerSpanId + "-01";
        List<ExtLogRecord> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext) {
                    ext.copyMdc(); // the MDC of the thread that logged, as it was then
                    lines.add(ext);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        String id;
        try {
            id = given().contentType(ContentType.JSON).header("traceparent", traceparent)
                    .header("X-Caller-Ref", "test:trace/" + traceId)
                    .body("{\"label\":\"traced-" + UUID.randomUUID() + "\"}")
                    .when().post("/api/tasks/write-row/runs")
                    .then().statusCode(200)
                    .body("traceId", equalTo(traceId))
                    .body("traceparent", equalTo(traceparent))
                    .body("callerRef", equalTo("test:trace/" + traceId))
                    .extract().path("id");
        } finally {
            root.removeHandler(capture);
        }
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ? AND traceparent = ?", id,
                traceparent), "the full traceparent is stored with the run");

        SpanData span = runSpan(id);
        assertEquals(traceId, span.getTraceId(), "the run's span is in the caller's trace");
        assertEquals(callerSpanId, span.getParentSpanId(), "its parent is the caller's span");
        assertEquals("run write-row", span.getName());

        List<ExtLogRecord> ofRun = lines.stream().filter(r -> id.equals(r.getMdc("runId"))).toList();
        assertTrue(ofRun.stream().anyMatch(r -> r.getMessage() != null && r.getFormattedMessage().contains("started")),
                "the run's start was logged: " + ofRun.size() + " lines");
        assertTrue(!ofRun.isEmpty() && ofRun.stream().allMatch(r -> traceId.equals(r.getMdc("traceId"))),
                "every line with the run id carries the trace id");
    }

    @Test
    void aRunQueuedByAnotherReplicaContinuesTheCallersTraceWhereItExecutes() throws Exception {
        String busy = "trace-busy-replica";
        TestDb.execute("postgres", "DELETE FROM node_heartbeat WHERE node = '" + busy + "'");
        TestDb.execute("postgres", "INSERT INTO node_heartbeat (node, beat_at) VALUES ('" + busy + "', TIMESTAMP '"
                + LocalDateTime.now(ZoneOffset.UTC).plusMinutes(10) + "')"); // alive throughout
        String traceId = hex(16);
        String callerSpanId = hex(8);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        RunRecord queuedElsewhere = new RunRecord(RunIds.next(clock), "write-row", RunStatus.QUEUED, Trigger.API,
                "{\"label\":\"traced-claim-" + UUID.randomUUID() + "\"}", false, null, null, null, now, null, null, busy,
                "test", null, null, 1, null, "test:claimed", "00-" + traceId + "-" + callerSpanId + "-01");
        history.insert(queuedElsewhere);

        SpanData span = runSpan(queuedElsewhere.id());
        assertEquals(traceId, span.getTraceId());
        assertEquals(callerSpanId, span.getParentSpanId(), "the replica that claimed the run continued the trace");
        assertEquals(RunStatus.SUCCEEDED, history.find(queuedElsewhere.id()).orElseThrow().status());
    }

    private SpanData runSpan(String runId) {
        return Awaitility.await("the span of run " + runId).atMost(Duration.ofSeconds(30))
                .until(() -> spans.getFinishedSpanItems().stream()
                        .filter(s -> runId.equals(s.getAttributes().get(RUN_ID)))
                        .findFirst().orElse(null), s -> s != null);
    }

    private static String hex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        value[0] |= 1; // never all zeros, which W3C calls invalid
        return HexFormat.of().formatHex(value);
    }
}
