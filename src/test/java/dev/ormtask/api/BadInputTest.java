package dev.ormtask.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.testsupport.RawHttp;
import dev.ormtask.testsupport.RawHttp.Request;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Abuse, row by row, as the hostile-input sweep sent it: each answer a clear 4xx problem+json in the caller's terms,
 * never a 5xx; nothing written, counted in run history and in the tasks' own tables; the service still up.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String START = "/api/tasks/write-row/runs";
    private static final String ECHO = "/api/tasks/echo-params/runs";
    private static final String MONTHLY = "/api/tasks/monthly-request-count/runs";
    private static final String LABEL = "{\"label\":\"x\"}";
    private static final String JSON_TYPE = "application/json";
    /** What a detail must never name: the libraries behind the API, or the stack of a failure. */
    private static final List<String> INTERNALS = List.of("`", "Feature", "jackson", "Jackson", "fasterxml",
            "StreamReadConstraints", "Exception", "vertx", "java.", "at [Source");

    private static Request post(String path, String contentType, String body) {
        Request request = Request.of("POST", path);
        if (contentType != null) {
            request = request.header("Content-Type", contentType);
        }
        return body == null ? request.header("Content-Length", "0") : request.body(body);
    }

    private static Request json(String path, String body) {
        return post(path, JSON_TYPE, body);
    }

    /** Text and single bytes, in order, as one body. */
    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private static Request get(String path) {
        return Request.of("GET", path);
    }

    private static Arguments row(String what, Request request, int status, String detail) {
        return Arguments.of(what, request, status, detail, null);
    }

    private static Arguments row405(String what, Request request, String allow) {
        return Arguments.of(what, request, 405, "this resource answers " + allow, allow);
    }

    static Stream<Arguments> abuse() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        return Stream.of(
                // --- The body ----------------------------------------------------------------------------------
                row("malformed JSON", json(START, "{\"label\":"), 400, "not valid JSON"),
                row("a body cut short", json(START, "{"), 400, "it ends before the JSON is complete"),
                row("a string cut short", json(START, "{\"label\":\"x"), 400, "it ends before the JSON is complete"),
                row("JSON array", json(START, "[1, 2, 3]"), 400, "JSON object"),
                row("JSON string", json(START, "\"label\""), 400, "JSON object"),
                row("huge body", json(START, "{\"label\":\"" + "x".repeat(70_000) + "\"}"), 413, "65536"),
                row("deeply nested JSON", json(START, deep), 400, "nested more than 1000 levels deep"),
                row("wrong parameter type", json(START, "{\"label\": 5}"), 400, "label"),
                row("null required parameter", json(START, "{\"label\": null}"), 400, "label"),
                row("unknown parameter", json(START, "{\"label\":\"x\",\"drop\":\"table\"}"), 400, "drop"),
                row("duplicate name", json(START, "{\"label\":\"a\",\"label\":\"b\"}"), 400, "'label' appears twice"),
                // #3: whatever follows the object is refused, not ignored
                row("a second object after the first", json(START, "{\"label\":\"a\"}{\"label\":\"b\"}"), 400,
                        "more after the JSON object"),
                row("a word after the object", json(START, LABEL + " trailing"), 400, "not valid JSON"),
                row("a bracket after the object", json(START, LABEL + "]"), 400, "not valid JSON"),
                row("a comment after the object", json(START, LABEL + " // comment"), 400, "JSON has no comments"),
                // #6: what the JSON reader refuses, said without naming the library
                row("NaN", json(ECHO, "{\"d\": NaN}"), 400, "NaN and Infinity are not JSON numbers"),
                row("Infinity", json(ECHO, "{\"d\": -Infinity}"), 400, "NaN and Infinity are not JSON numbers"),
                row("leading plus", json(ECHO, "{\"i\": +1}"), 400, "does not start with '+'"),
                row("leading zeros", json(ECHO, "{\"i\": 007}"), 400, "not valid JSON"),
                row("leading decimal point", json(ECHO, "{\"d\": .5}"), 400, "not valid JSON"),
                row("trailing decimal point", json(ECHO, "{\"d\": 5.}"), 400, "not valid JSON"),
                row("a comment inside", json(START, "{/* c */\"label\":\"x\"}"), 400, "JSON has no comments"),
                row("single quotes", json(START, "{'label':'x'}"), 400, "not valid JSON"),
                row("an unquoted name", json(START, "{label:\"x\"}"), 400, "not valid JSON"),
                row("a raw control character in a string", json(START, "{\"label\":\"a\u0001b\"}"), 400, "not valid JSON"),
                row("an unknown escape", json(START, "{\"label\":\"a\\qb\"}"), 400, "not valid JSON"),
                row("a trailing comma", json(START, "{\"label\":\"x\",}"), 400, "not valid JSON"),
                row("a missing value", json(START, "{\"label\":,}"), 400, "not valid JSON"),
                row("a number of 1001 digits", json(ECHO, "{\"d\": " + "9".repeat(1001) + "}"), 400,
                        "a number has more than 1000 digits"),
                // #11: bodies that are not JSON
                row("text/plain", post(START, "text/plain", LABEL), 415, "accepted: application/json"),
                row("XML", post(START, "application/xml", "<label>x</label>"), 415, "application/xml"),
                row("a PNG", post(START, "image/png", "\u0089PNG\r\n"), 415, "image/png"),
                row("multipart", post(START, "multipart/form-data; boundary=b", "--b\r\n\r\nx\r\n--b--"), 415,
                        "multipart/form-data"),
                row("a real form", post(START, "application/x-www-form-urlencoded", "label=x"), 415,
                        "a form body is accepted only when it is a JSON object"),
                row("JSON in Latin-1", post(START, "application/json; charset=ISO-8859-1", LABEL), 415, "UTF-8"),
                // Jackson read the quote after the cut-off character as part of it and said the JSON ended early.
                row("a name cut off inside a UTF-8 character", Request.of("POST", START).header("Content-Type", JSON_TYPE)
                        .body(bytes("{\"label", 0xc3, "\":\"x\"}")), 400,
                        "the body is not valid UTF-8: byte 8 (0xc3) does not fit a UTF-8 character"),
                row("a Latin-1 byte in a value", Request.of("POST", START).header("Content-Type", JSON_TYPE)
                        .body(bytes("{\"label\":\"caf", 0xe9, "\"}")), 400, "the body is not valid UTF-8: byte 14 (0xe9)"),
                row("charset given twice, utf-8 first", post(START, "application/json;charset=utf-8;charset=latin1", LABEL),
                        415, "charset more than once"),
                row("a gzip body", json(START, LABEL).header("Content-Encoding", "gzip"), 415,
                        "Content-Encoding 'gzip' is not accepted; send the body uncompressed"),
                row("a Content-Type that is no media type", post(START, "garbage", LABEL), 415,
                        "Content-Type 'garbage' is not a media type; accepted: application/json"),
                // a backtracking match recursed once per parameter, and crawled over long runs of blanks
                row("a Content-Type of 1,000 parameters and a bad one", post(START, "application/json"
                        + ";x=y".repeat(1000) + "; bad", LABEL), 415, "is not a media type"),
                row("a Content-Type with 15,000 blanks after a ';'", post(START, "a/b;" + " ".repeat(15_000) + "x", LABEL),
                        415, "is not a media type"),
                row("a Content-Type parameter without a value", post(START, "application/json; charset", LABEL), 415,
                        "Content-Type 'application/json; charset' is not a media type"),
                row("an empty cancel that is no media type", post("/api/runs/01a21300-0000-7000-8000-000000000000/cancel",
                        "garbage", null), 415, "Content-Type 'garbage' is not a media type"),
                row("two Content-Types", json(START, LABEL).header("Content-Type", "text/plain"), 415, "given 2 times"),
                // #12: values the task could not use, refused before anything is recorded
                row("a DATE in the year 999999999", json(MONTHLY, "{\"month\":\"+999999999-12-01\"}"), 400, "month"),
                row("a DATE in the year 0", json(ECHO, "{\"day\":\"0000-12-31\"}"), 400, "years 0001 to 9999"),
                row("a DATETIME in the year 10000 UTC", json(ECHO, "{\"at\":\"9999-12-31T23:00:00-05:00\"}"), 400,
                        "years 0001 to 9999"),
                row("a DATETIME in the year 999999999", json(ECHO, "{\"at\":\"+999999999-12-31T00:00:00Z\"}"), 400,
                        "at"),
                row("an INT over 32 bits", json(ECHO, "{\"i\": 2147483648}"), 400, "between -2147483648 and 2147483647"),
                row("a LONG over 64 bits", json(ECHO, "{\"l\": 9223372036854775808}"), 400, "fits in 64 bits"),
                row("a LONG written as a fraction", json(ECHO, "{\"l\": 1.0}"), 400, "fits in 64 bits"),
                row("a LONG with an exponent", json(ECHO, "{\"l\": 1e3}"), 400, "fits in 64 bits"),
                row("a DECIMAL of 1001 integer digits", json(ECHO, "{\"d\": 1e1000}"), 400, "at most 1000 digits"),
                row("a DECIMAL of 1001 fraction digits", json(ECHO, "{\"d\": \"1e-1001\"}"), 400, "at most 1000 digits"),
                // --- The query -------------------------------------------------------------------------------------
                row("negative wait", json(START + "?wait=-1", LABEL), 400, "wait"),
                row("huge wait", json(START + "?wait=99999999999999999999", LABEL), 400, "wait"),
                row("non-numeric wait", json(START + "?wait=soon", LABEL), 400, "wait"),
                // Java's number parsers take any script's digits: "２" listed two runs
                row("a fullwidth digit in wait", json(START + "?wait=%EF%BC%90", LABEL), 400,
                        "wait must be a whole number of seconds"),
                row("a wait of -0", json(START + "?wait=-0", LABEL), 400, "wait must be a whole number of seconds"),
                row("a wait with a blank", json(START + "?wait=%200", LABEL), 400, "wait must be a whole number"),
                row("a wait of 19 digits", json(START + "?wait=9999999999999999999", LABEL), 400,
                        "wait must be between 0 and"),
                row("two traceparents on one line", json(START, LABEL).header("traceparent",
                        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01, "
                        + "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), 400, "traceparent is given more"),
                row("a path below /q/metrics", get("/q/metrics/x"), 404, "no such resource"),
                row("DELETE below /q/metrics", Request.of("DELETE", "/q/metrics/x/y"), 404, "no such resource"),
                row("an Arabic-Indic digit in limit", get("/api/runs?limit=%D9%A3"), 400, "limit must be a whole number"),
                row("a plus sign in limit", get("/api/runs?limit=%2B2"), 400, "limit must be a whole number"),
                row("a fullwidth digit in a log's after",
                        get("/api/runs/01a21300-0000-7000-8000-000000000000/log?after=%EF%BC%91"), 400,
                        "after must be a whole number"),
                row("a '*' in X-Caller-Ref", json(START, LABEL).header("X-Caller-Ref", "airflow:dag/*"), 400,
                        "X-Caller-Ref must not hold a '*'"),
                row("bad dryRun", json(START + "?dryRun=yes", LABEL), 400, "dryRun must be true or false"),
                // #2: a flag that could be read two ways is refused, never run for real
                row("dryRun without a value", json(START + "?dryRun", LABEL), 400, "dryRun needs a value"),
                row("dryRun with an empty value", json(START + "?dryRun=", LABEL), 400, "dryRun needs a value"),
                row("dryRun twice", json(START + "?dryRun=false&dryRun=true", LABEL), 400, "dryRun is given twice"),
                row("dry_run", json(START + "?dry_run=true", LABEL), 400, "unknown query parameter 'dry_run'"),
                row("DryRun", json(START + "?DryRun=true", LABEL), 400, "did you mean 'dryRun'"),
                row("dryrun", json(START + "?dryrun=true", LABEL), 400, "names are case-sensitive"),
                row("wait without a value", json(START + "?wait", LABEL), 400, "wait needs a value"),
                row("wait twice", json(START + "?wait=0&wait=30", LABEL), 400, "wait is given twice"),
                row("WAIT", json(START + "?WAIT=0", LABEL), 400, "unknown query parameter 'WAIT'"),
                // the REST layer splits at ';' too: a name hidden behind one was read unchecked
                row("a ';' in a start's query", json(START + "?dryRun=true;wait=1", LABEL), 400,
                        "the query has a ';'; separate parameters with '&'"),
                row("a misspelt filter behind a ';'", get("/api/runs?limit=2;staus=FAILED"), 400,
                        "the query has a ';'"),
                row("a ';' in a log's query", get("/api/runs/01a21300-0000-7000-8000-000000000000/log?after=0;x=1"),
                        400, "the query has a ';'"),
                row("a ';' in the datasources' query", get("/api/datasources?prefix=app;x=1"), 400,
                        "the query has a ';'"),
                // what follows a ';' in a path segment was dropped unread as a matrix parameter: a real run started
                row("a dry run behind a ';' in the path", json(START + ";dryRun=true", LABEL), 400,
                        "the path has a ';'"),
                row("a ';' in a task's segment", json("/api/tasks/write-row;x=1/runs", LABEL), 400,
                        "the path has a ';'"),
                row("a filter behind a ';' in the path", get("/api/runs;status=FAILED"), 400, "the path has a ';'"),
                row("a re-run's dry run behind a ';'",
                        json("/api/runs/01a21300-0000-7000-8000-000000000000/rerun;dryRun=true", "{}"), 400,
                        "the path has a ';'"),
                // --- Headers ---------------------------------------------------------------------------------------
                row("control characters in key", json(START, LABEL).header("Idempotency-Key", "a\tb"), 400,
                        "Idempotency-Key"),
                // #4: an empty key is not "no key"
                row("an empty Idempotency-Key", json(START, LABEL).header("Idempotency-Key", ""), 400,
                        "Idempotency-Key must be 1 to 200 printable"),
                row("an Idempotency-Key of spaces", json(START, LABEL).header("Idempotency-Key", "   "), 400,
                        "Idempotency-Key must be 1 to 200 printable"),
                row("an empty X-Ormtask-Trigger", json(START, LABEL).header("X-Ormtask-Trigger", ""), 400,
                        "X-Ormtask-Trigger must be API or DASHBOARD"),
                row("two Idempotency-Keys", json(START, LABEL).header("Idempotency-Key", "a")
                        .header("Idempotency-Key", "b"), 400, "Idempotency-Key is given 2 times"),
                row("two traceparents", json(START, LABEL)
                        .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), 400,
                        "traceparent is given 2 times"),
                row("two Authorization headers", get("/api/tasks").header("Authorization", "Bearer a")
                        .header("Authorization", "Bearer b"), 400, "Authorization is given 2 times; give it once"),
                row("a 201-character Idempotency-Key", json(START, LABEL).header("Idempotency-Key", "k".repeat(201)),
                        400, "Idempotency-Key"),
                // --- Paths -----------------------------------------------------------------------------------------
                row("path traversal", json("/api/tasks/..%2F..%2Fetc%2Fpasswd/runs", "{}"), 404, "no task named"),
                row("unicode name", json("/api/tasks/t%C3%A2che-%F0%9F%92%A5/runs", "{}"), 404, "no task named"),
                row("10,000-character name", json("/api/tasks/" + "n".repeat(10_000) + "/runs", "{}"), 404,
                        "no task named"),
                row("SQL in a name", get("/api/tasks/x%27%3BDROP%20TABLE%20task_run%3B--"), 404, "no task named"),
                row("forged cursor", get("/api/runs?cursor=forged"), 400, "cursor"),
                row("cursor of a real-looking id", get("/api/runs?cursor=MDFhMjEyZjc"), 400, "cursor"),
                row("negative limit", get("/api/runs?limit=-5"), 400, "limit"),
                row("huge limit", get("/api/runs?limit=1000000"), 400, "limit"),
                row("NUL in a task filter", get("/api/runs?task=%00"), 400, "task"),
                row("unknown status", get("/api/runs?status=EXPLODED"), 400, "status"),
                // a misread filter would list every run as if it matched
                row("a misspelt filter", get("/api/runs?staus=FAILED"), 400,
                        "unknown query parameter 'staus'; GET /api/runs takes task, status, caller, limit, cursor"),
                row("a filter twice", get("/api/runs?status=FAILED&status=SUCCEEDED"), 400, "status is given twice"),
                row("an empty caller filter", get("/api/runs?caller="), 400, "caller needs a value"),
                row("a caller filter that is no caller reference", get("/api/runs?caller=%C3%A9*"), 400,
                        "caller (an X-Caller-Ref, or its beginning and *) must be 1 to 200 printable ASCII"),
                row("Wait on a run", get("/api/runs/01a21300-0000-7000-8000-000000000000?Wait=30"), 400,
                        "did you mean 'wait'"),
                row("a log from a line", get("/api/runs/01a21300-0000-7000-8000-000000000000/log?from=3"), 400,
                        "GET /api/runs/{id}/log takes after, limit"),
                row("a datasource by name", get("/api/datasources?name=app"), 400, "GET /api/datasources takes prefix"),
                row("a re-run with retryFailed", post("/api/runs/01a21300-0000-7000-8000-000000000000/rerun"
                        + "?retryFailed=true", null, null), 400, "a re-run takes wait, dryRun"),
                // an action's body or query would be ignored: a re-run's parameters come from the earlier run
                row("a re-run with parameters", json("/api/runs/01a21300-0000-7000-8000-000000000000/rerun",
                        "{\"label\":\"other\"}"), 400, "a re-run takes no body: it runs with the earlier run's stored"),
                row("a cancel with a reason", json("/api/runs/01a21300-0000-7000-8000-000000000000/cancel",
                        "{\"reason\":\"stuck\"}"), 400, "a cancel takes no body"),
                row("a pause until tomorrow", post("/api/tasks/monthly-request-count/pause?until=tomorrow", null, null),
                        400, "unknown query parameter 'until'; a pause takes none"),
                row("a pause of a task without cron", post("/api/tasks/write-row/pause", null, null), 409,
                        "task 'write-row' has no cron schedule, so there is nothing to pause"),
                row("tasks by name", get("/api/tasks?name=write-row"), 400, "GET /api/tasks takes none"),
                row("metrics as JSON", get("/q/metrics").header("Accept", "application/json"), 406,
                        "Accept 'application/json' names no type /q/metrics answers with: text/plain (version 0.0.4)"
                                + " or application/openmetrics-text (version 1.0.0)"),
                row("metrics as OpenMetrics 0.0.1 only", get("/q/metrics")
                        .header("Accept", "application/openmetrics-text;version=0.0.1"), 406, "send one of them"),
                row("metrics, every format refused", get("/q/metrics").header("Accept", "text/plain;q=0, application/*;q=0"),
                        406, "send one of them"),
                row("tasks as XML", get("/api/tasks").header("Accept", "application/xml"), 406,
                        "Accept 'application/xml' names no type this resource answers with: it answers application/json"),
                row("a start answered as XML", json(START, LABEL).header("Accept", "application/xml"), 406,
                        "send Accept: application/json, or no Accept"),
                row("an unknown API path, asked for as HTML", get("/api/task").header("Accept", "text/html"), 404,
                        "no such resource"),
                row("a start refusing JSON by q=0", json(START, LABEL).header("Accept", "application/json;q=0"), 406,
                        "send Accept: application/json, or no Accept"),
                row("a start accepting only problems", json(START, LABEL).header("Accept", Problem.MEDIA_TYPE), 406,
                        "names no type this resource answers with"),
                row("the overview of an hour", get("/api/overview?hours=1"), 400, "GET /api/overview takes none"),
                row("unknown run id", get("/api/runs/01a21300-0000-7000-8000-000000000000"), 404, "01a21300"),
                row("garbage run id", get("/api/runs/%00%00"), 404, "no run"),
                row("cancel of unknown run", post("/api/runs/nope/cancel", null, null), 404, "no run"),
                row("unknown path", get("/api/nothing/here"), 404, "no such resource"),
                // #9: what the HTTP layer refuses after decoding, as a problem too
                row("no Host header", get("/api/tasks").withoutHost(), 400, "no valid Host header"),
                row("a Host that is no host", get("/api/tasks").withoutHost().header("Host", "a b/c"), 400,
                        "no valid Host header"),
                row("an empty Host", get("/api/tasks").withoutHost().header("Host", ""), 400, "no valid Host header"),
                row("a request line of FOO/1.1", get("/api/tasks").withVersion("FOO/1.1"), 505,
                        "this service speaks HTTP/1.0, HTTP/1.1 and HTTP/2"),
                row("a request line of HTTP/2.0 over HTTP/1", json(START, LABEL).withVersion("HTTP/2.0"), 505,
                        "the request line names another version"),
                row("two Host headers", json(START, LABEL).header("Host", "evil.example"), 400,
                        "Host is given 2 times; give it once"),
                row("two hosts in one Host", json(START, LABEL).withoutHost().header("Host", "localhost,evil.example"),
                        400, "Host names more than one host"),
                row("an expectation other than 100-continue", json(START, LABEL).header("Expect", "200-ok"), 417,
                        "Expect '200-ok' is not supported"),
                // a coding the HTTP decoder would ignore: the chunks were read as if plain
                row("Transfer-Encoding gzip, chunked", Request.of("POST", START).header("Content-Type", JSON_TYPE)
                        .header("Transfer-Encoding", "gzip, chunked").body("d\r\n" + LABEL + "\r\n0\r\n\r\n"), 501,
                        "Transfer-Encoding 'gzip, chunked' is not supported"),
                row("Transfer-Encoding identity beside a length", json(START, LABEL)
                        .header("Transfer-Encoding", "identity").header("Content-Length", "13"), 501,
                        "Transfer-Encoding 'identity' is not supported"),
                row("a declared body of 17 MB", Request.of("POST", START).header("Content-Type", JSON_TYPE)
                        .header("Content-Length", "17000000"), 413,
                        "17000000 bytes; the limit is 65536"),
                // #8: a method a path does not answer is a 405 naming the methods it does
                row405("wrong method", Request.of("DELETE", "/api/runs"), "GET, HEAD, OPTIONS"),
                row405("wrong method, and an Accept of XML", Request.of("DELETE", "/api/runs")
                        .header("Accept", "application/xml"), "GET, HEAD, OPTIONS"),
                row405("dot-dot name (normalised to POST /api/runs)", json("/api/tasks/../runs", "{}"), "GET, HEAD, OPTIONS"),
                row405("GET of a start", get(START), "POST, OPTIONS"),
                row405("PUT /q/health", Request.of("PUT", "/q/health").header("Content-Length", "0"), "GET, HEAD, OPTIONS"),
                row405("DELETE /q/health/ready", Request.of("DELETE", "/q/health/ready"), "GET, HEAD, OPTIONS"),
                row405("PATCH /q/health/live", Request.of("PATCH", "/q/health/live").header("Content-Length", "0"),
                        "GET, HEAD, OPTIONS"),
                row405("TRACE /q/health", Request.of("TRACE", "/q/health"), "GET, HEAD, OPTIONS"),
                row405("POST /q/metrics", post("/q/metrics", null, null), "GET, HEAD, OPTIONS"),
                row405("PUT /q/openapi", Request.of("PUT", "/q/openapi").header("Content-Length", "0"), "GET, HEAD, OPTIONS"),
                row405("DELETE /q/openapi", Request.of("DELETE", "/q/openapi"), "GET, HEAD, OPTIONS"),
                row405("PUT /dashboard/index.html", Request.of("PUT", "/dashboard/index.html").body("<p>defaced</p>"),
                        "GET, HEAD, OPTIONS"),
                row405("DELETE /dashboard/app.js", Request.of("DELETE", "/dashboard/app.js"), "GET, HEAD, OPTIONS"),
                row405("POST /", post("/", null, null), "GET, HEAD, OPTIONS"),
                // the dashboard's libraries and Swagger UI, served from jars: a PUT was a 404, at Swagger UI a 302
                row405("PUT a library of the dashboard", Request.of("PUT", "/webjars/preact/dist/preact.module.js")
                        .header("Content-Length", "0"), "GET, HEAD, OPTIONS"),
                row405("DELETE /_static/", Request.of("DELETE", "/_static/htm/dist/htm.module.js"), "GET, HEAD, OPTIONS"),
                row405("PATCH /q/swagger-ui", Request.of("PATCH", "/q/swagger-ui").header("Content-Length", "0"),
                        "GET, HEAD, OPTIONS"),
                // OPTIONS answered 200 "Allow: HEAD, GET, OPTIONS" for any path, where a GET is a 404
                row("OPTIONS of a path there is not", Request.of("OPTIONS", "/api"), 404, "no such resource"),
                row("OPTIONS /favicon.ico", Request.of("OPTIONS", "/favicon.ico"), 404, "no such resource"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("abuse")
    void answersAClear4xxProblemAndWritesNothing(String what, Request request, int status, String detail, String allow)
            throws Exception {
        Map<String, Long> before = written();
        RawHttp.Response response = request.send();
        assertEquals(status, response.status(), what + ": " + response);
        assertEquals(Problem.MEDIA_TYPE, response.header("Content-Type"), what + ": " + response);
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(status, problem.path("status").asInt(), what + ": " + response);
        String said = problem.path("detail").asText();
        assertTrue(said.contains(detail), what + ": the detail says '" + detail + "': " + said);
        for (String internal : INTERNALS) {
            assertFalse(said.contains(internal), what + ": the detail names '" + internal + "': " + said);
        }
        assertEquals(allow, response.header("Allow"), what + ": Allow");
        assertEquals(before, written(), what + " wrote something");
    }

    /**
     * What Vert.x refuses while it decodes a request, before any handler of the service runs (Quarkus gives no hook
     * there, quarkusio/quarkus#55082): the status is right and the body empty, not problem+json. Nothing is written
     * and the service stays up.
     */
    static Stream<Arguments> refusedByTheHttpDecoder() {
        return Stream.of(
                Arguments.of("a URL over 32 KB", get("/api/tasks/" + "n".repeat(40_000)), 414),
                Arguments.of("headers over 20 KB", get("/api/tasks").header("X-Big", "b".repeat(70_000)), 431),
                Arguments.of("a bad %-escape in the path", get("/api/tasks/%zz"), 400),
                Arguments.of("a bad %-escape in the query", json(START + "?dryRun=%zz", LABEL), 400),
                Arguments.of("| in the path", get("/api/tasks/a|b"), 400),
                Arguments.of("a control character in a header", get("/api/tasks").header("X-Bad", "a\u0001b"), 400),
                Arguments.of("a Content-Length that is no number", json(START, LABEL).header("Content-Length", "ten"), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheHttpDecoder")
    void whatTheHttpDecoderRefusesWritesNothing(String what, Request request, int status) throws Exception {
        Map<String, Long> before = written();
        assertEquals(status, request.send().status(), what);
        assertEquals(before, written(), what + " wrote something");
    }

    /**
     * A chunked body is refused at the byte that passes the limit, with the problem, while the client is still sending:
     * it was read to its end, up to 16 MiB, before the start's own check, and two such bodies at once ran a 64 MB heap
     * out of memory.
     */
    @Test
    void aChunkedBodyIsRefusedAsSoonAsItPassesTheLimit() throws Exception {
        Map<String, Long> before = written();
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + START + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + JSON_TYPE
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[40_000];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 2; i++) { // 80,000 bytes, and the body left open
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(1000), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            assertTrue(answer.contains("the limit is 65536 (ormtask.api.max-body-bytes)"), answer);
        }
        assertEquals(before, written());
    }

    /**
     * Bodies being received at once are bounded in all (ormtask.api.max-body-bytes-in-flight, 256 KiB in tests): many
     * clients each holding a body just under the limit open ran a 64 MB heap out of memory. Past the bound a request is
     * a 503 with Retry-After; once they go, a start is taken again.
     */
    @Test
    void bodiesBeingReceivedAtOnceAreBoundedInAll() throws Exception {
        List<java.net.Socket> holding = new java.util.ArrayList<>();
        String refused = null;
        try {
            for (int i = 0; i < 12 && refused == null; i++) {
                java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port);
                holding.add(socket);
                socket.getOutputStream().write(("POST " + START + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                        + JSON_TYPE + "\r\nContent-Length: 65536\r\n\r\n" + "x".repeat(60_000))
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                socket.setSoTimeout(2_000);
                try {
                    refused = new String(socket.getInputStream().readNBytes(1000), StandardCharsets.ISO_8859_1);
                } catch (java.net.SocketTimeoutException heldOpen) {
                    // its body is held, waiting for the rest: the next client
                }
            }
            assertNotNull(refused, "twelve bodies of 60,000 bytes held at once");
            assertTrue(refused.startsWith("HTTP/1.1 503 "), refused);
            assertTrue(refused.toLowerCase(java.util.Locale.ROOT).contains("retry-after: 1"), refused);
            assertTrue(refused.contains("too many request bodies"), refused);
            assertTrue(holding.size() >= 5, "refused with only " + (holding.size() - 1) + " bodies held");
        } finally {
            for (java.net.Socket socket : holding) {
                socket.close();
            }
        }
        // What the closed connections held is released: a start's body is read again.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().contentType(JSON_TYPE).body(LABEL).when().post(START).then().statusCode(200));
    }

    /**
     * Over HTTP/2 a body over the limit is the 413 problem on its own stream: the connection was closed (GOAWAY) before
     * any answer, and every other request on it died too (outside check with curl --http2-prior-knowledge).
     */
    @Test
    void overHttp2ABodyOverTheLimitIsThe413Problem() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        String base = "http://localhost:" + io.restassured.RestAssured.port;
        // The JDK's client upgrades a cleartext connection (h2c) on a request without a body, then keeps it.
        java.net.http.HttpResponse<String> upgraded = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/q/health/live")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, upgraded.version(), "the service speaks h2c");
        java.net.http.HttpResponse<String> refused = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + START)).header("Content-Type", JSON_TYPE)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"label\":\"" + "x".repeat(70_000) + "\"}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, refused.version());
        assertEquals(413, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("the limit is 65536"), refused.body());
        assertEquals(200, client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/q/health/live"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    /** #10: a client that stalls mid-body and goes away costs one WARN line, not an ERROR with a stack. */
    @Test
    void aClientThatGoesAwayMidBodyCostsOneLine() throws Exception {
        Map<String, Long> before = written();
        try (LogCapture log = LogCapture.start()) {
            double connectionsBefore = openConnections();
            try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
                socket.getOutputStream().write(("POST " + START + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                        + JSON_TYPE + "\r\nContent-Length: 100\r\n\r\n{\"label\":").getBytes());
                socket.getOutputStream().flush();
                // The attack itself: stall mid-body until the service holds the connection, then hang up.
                org.awaitility.Awaitility.await("the service holds the stalled connection")
                        .atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(50))
                        .until(() -> openConnections() > connectionsBefore);
            }
            log.awaitLine("the abandoned body");
            log.assertQuiet("the abandoned body");
        }
        assertEquals(before, written());
    }

    /** HTTP connections the service holds open now, the one asking included (Quarkus' own gauge). */
    private static double openConnections() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("http_server_connections_seconds_active_count"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** #8: OPTIONS names the methods a path really answers: the same as the OpenAPI document, plus HEAD and OPTIONS. */
    @Test
    void optionsListsExactlyTheMethodsOfEachDocumentedPath() throws Exception {
        JsonNode doc = JSON.readTree(given().when().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString());
        Map<String, Set<String>> documented = new TreeMap<>();
        doc.get("paths").fields().forEachRemaining(path -> {
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase()));
            documented.put(path.getKey().replaceAll("\\{[^}]+}", "x"), methods);
        });
        documented.put("/q/health/ready", Set.of("GET"));
        documented.put("/q/metrics", Set.of("GET"));
        documented.put("/q/openapi", Set.of("GET"));
        documented.put("/dashboard/", Set.of("GET"));
        documented.put("/", Set.of("GET"));
        List<String> wrong = new ArrayList<>();
        documented.forEach((path, methods) -> {
            Set<String> expected = new TreeSet<>(methods);
            if (methods.contains("GET")) {
                expected.add("HEAD");
            }
            expected.add("OPTIONS");
            RawHttp.Response response = Request.of("OPTIONS", path).send();
            Set<String> allow = new TreeSet<>(List.of(String.valueOf(response.header("Allow")).split(",\\s*")));
            if (response.status() != 204 || !allow.equals(expected)) {
                wrong.add("OPTIONS " + path + ": " + response.status() + " Allow " + allow + ", expected " + expected);
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void anHttp10RequestIsStillAnswered() {
        // the version check refuses what Vert.x does not know, not the older of the two it does
        RawHttp.Response live = get("/q/health/live").withVersion("HTTP/1.0").send();
        assertEquals(200, live.status(), live.toString());
    }

    @Test
    void headOfHealthAnswersLikeGetWithoutABody() {
        RawHttp.Response response = Request.of("HEAD", "/q/health").send();
        assertEquals(200, response.status());
        assertEquals("", response.body());
        assertNull(response.header("Allow"));
    }

    @Test
    void theServiceIsStillUpAfterwards() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().contentType("application/json").body("{\"label\":\"after-abuse\"}")
                .when().post(START).then().statusCode(200);
    }

    /** Rows the service writes: run history, and each table a task of these rows could write. */
    private static Map<String, Long> written() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        counts.put("task_run", TestDb.scalar("postgres", "SELECT count(*) FROM task_run"));
        for (String table : List.of("test_write", "user_session", "monthly_request_report", "demo_note")) {
            counts.put(table, TestDb.scalar("app", "SELECT count(*) FROM " + table));
        }
        return counts;
    }

    /** Log records of the service while open: no ERROR, and no record with a stack. */
    static final class LogCapture extends Handler implements AutoCloseable {

        private final List<LogRecord> records = new CopyOnWriteArrayList<>();

        static LogCapture start() {
            LogCapture capture = new LogCapture();
            java.util.logging.Logger.getLogger("").addHandler(capture);
            return capture;
        }

        @Override
        public void publish(LogRecord record) {
            String logger = String.valueOf(record.getLoggerName());
            // The HTTP and REST layers, where a request's failure is logged; not the run engine's own background work.
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && (logger.startsWith("dev.ormtask.api")
                    || logger.startsWith("io.quarkus.vertx") || logger.startsWith("io.vertx")
                    || logger.startsWith("org.jboss.resteasy") || logger.startsWith("io.quarkus.resteasy"))) {
                records.add(record);
            }
        }

        void awaitLine(String what) {
            org.awaitility.Awaitility.await(what + " is logged").atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> !records.isEmpty());
        }

        /** Nothing loud, and at most one line, now and for the next second (a second line may follow the first). */
        void assertQuiet(String what) {
            try {
                org.awaitility.Awaitility.await(what + " stays quiet").during(java.time.Duration.ofSeconds(1))
                        .atMost(java.time.Duration.ofSeconds(5)).until(() -> loud().isEmpty() && records.size() <= 1);
            } catch (org.awaitility.core.ConditionTimeoutException notQuiet) {
                // said below, with what was logged
            }
            assertTrue(loud().isEmpty(), what + " logged an error or a stack: " + loud());
            assertTrue(records.size() <= 1, what + " logged more than one line: " + records.stream()
                    .map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
        }

        private List<String> loud() {
            List<String> loud = new ArrayList<>();
            for (LogRecord r : records) {
                if (r.getLevel().intValue() > Level.WARNING.intValue() || r.getThrown() != null) {
                    loud.add(r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                            + (r.getThrown() == null ? "" : " with " + r.getThrown()));
                }
            }
            return loud;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            java.util.logging.Logger.getLogger("").removeHandler(this);
        }
    }
}
