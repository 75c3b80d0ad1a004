package dev.ormtask.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How Accept, Content-Type and Prefer are split into elements and parameters (RFC 9110 5.6). */
class HeaderElementTest {

    @Test
    void elementsAndTheirParameters() {
        List<HeaderElement> accept = HeaderElement.list(
                "application/openmetrics-text; version=1.0.0 ; Q=0.5, text/plain;version=\"0.0.4\"");
        assertEquals(2, accept.size());
        assertEquals("application/openmetrics-text", accept.get(0).name());
        assertEquals(Map.of("version", "1.0.0", "q", "0.5"), accept.get(0).parameters());
        assertEquals("0.0.4", accept.get(1).parameter("VERSION"), "names are case-insensitive, values unquoted");
        assertNull(accept.get(1).parameter("q"));
    }

    @Test
    void aQuotedStringSeparatesNothing() {
        List<HeaderElement> prefer = HeaderElement.list("foo=\"a, b; c\", wait=5; x=\"1,2\", respond-async");
        assertEquals(List.of("foo", "wait", "respond-async"), prefer.stream().map(HeaderElement::name).toList());
        assertEquals("a, b; c", prefer.get(0).argument());
        assertEquals("5", prefer.get(1).argument());
        assertEquals("1,2", prefer.get(1).parameter("x"));
        assertEquals("say \"hi\"", HeaderElement.single("x=\"say \\\"hi\\\"\"").argument(), "a quoted-pair is its char");
    }

    @Test
    void emptyElementsAreSkippedAndNothingIsNothing() {
        assertEquals(List.of("a", "b"), HeaderElement.list(" , a,, b ,").stream().map(HeaderElement::value).toList());
        assertTrue(HeaderElement.list(null).isEmpty());
        assertNull(HeaderElement.single(" "));
        assertNull(HeaderElement.single("respond-async").argument());
        assertEquals("", HeaderElement.single("application/json; charset").parameter("charset"));
    }

    @Test
    void theFirstOfARepeatedParameterCounts() {
        HeaderElement twice = HeaderElement.single("application/json;charset=utf-8;CHARSET=latin1;q=1");
        assertEquals("utf-8", twice.parameter("charset"));
        assertEquals(java.util.Set.of("charset"), twice.repeated(), "and the repetition is known, to be refused");
    }

    @Test
    void aStrayQuoteHidesNothingAfterIt() {
        assertEquals(List.of("foo=a\"b", "wait=5"),
                HeaderElement.list("foo=a\"b, wait=5").stream().map(HeaderElement::value).toList(),
                "a quote inside a token opens no quoted string");
        assertEquals(List.of("foo", "wait"), HeaderElement.list("foo=\"x" + HeaderElement.LINES + "wait=10").stream()
                .map(HeaderElement::name).toList(), "a quote left open on one line ends with it");
    }
}
