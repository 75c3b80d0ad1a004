package dev.ormtask.testsupport;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte for byte, for what an HTTP client library will not send: no Host, an empty or doubled header,
 * a flag without a value, control characters, any method. Each request is sent on its own connection, closed after it.
 */
public final class RawHttp {

    /**
     * A request: method, target (path and query, sent as is), header lines, optional body, whether to send Host, and
     * the version its request line names.
     */
    public record Request(String method, String target, List<String> headers, byte[] body, boolean host,
            String version) {

        public static Request of(String method, String target) {
            return new Request(method, target, List.of(), null, true, "HTTP/1.1");
        }

        public Request withVersion(String named) {
            return new Request(method, target, headers, body, host, named);
        }

        public Request header(String name, String value) {
            List<String> more = new ArrayList<>(headers);
            more.add(name + ": " + value);
            return new Request(method, target, more, body, host, version);
        }

        public Request body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /** A body of exactly these bytes, well-formed UTF-8 or not. */
        public Request body(byte[] bytes) {
            return new Request(method, target, headers, bytes, host, version);
        }

        public Request withoutHost() {
            return new Request(method, target, headers, body, false, version);
        }

        public Response send() {
            return RawHttp.send(this);
        }

        @Override
        public String toString() {
            return method + " " + (target.length() <= 80 ? target : target.substring(0, 80) + "…") + " " + headers;
        }
    }

    /** A response: status, headers by lower-case name, body as text. */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length() <= 400 ? body : body.substring(0, 400) + "…");
        }
    }

    private RawHttp() {}

    public static Response send(Request request) {
        StringBuilder head = new StringBuilder(request.method() + " " + request.target() + " " + request.version() + "\r\n");
        if (request.host()) {
            head.append("Host: localhost:").append(RestAssured.port).append("\r\n");
        }
        for (String line : request.headers()) {
            head.append(line).append("\r\n");
        }
        boolean declaresLength = request.headers().stream()
                .anyMatch(h -> h.regionMatches(true, 0, "Content-Length:", 0, 15)
                        || h.regionMatches(true, 0, "Transfer-Encoding:", 0, 18));
        if (request.body() != null && !declaresLength) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (request.body() != null) {
                out.write(request.body());
            }
            out.flush();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("no answer to " + request + ": " + e, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a server that closes after answering may reset the connection while unread request bytes remain
        }
        return all.toByteArray();
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no HTTP response: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            body = unchunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(body, at);
            int size = Integer.parseInt(new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        return body.length;
    }
}
