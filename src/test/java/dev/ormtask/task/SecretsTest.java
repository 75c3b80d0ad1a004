package dev.ormtask.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What masking a secret changes in what people see, and what it leaves alone. */
class SecretsTest {

    private static final List<ParamSpec> SPECS = List.of(new ParamSpec("password", ParamType.STRING, true, null, "",
            true));

    private static Secrets secret(String value) {
        return Secrets.of(SPECS, Map.of("password", value));
    }

    @Test
    void aLongSecretIsMaskedWhereverItOccurs() {
        assertEquals("login as admin:****@db failed, token x****y",
                secret("hunter2!").mask("login as admin:hunter2!@db failed, token xhunter2!y"));
    }

    @Test
    void aShortSecretIsMaskedWhereItStandsAloneOnly() {
        // From an outside check: with the password "3" a date in the result read "2026-01-****1".
        Secrets three = secret("3");
        assertEquals("2026-01-31T02:00:00Z", three.mask("2026-01-31T02:00:00Z"));
        assertEquals("password ****, retry ****/5", three.mask("password 3, retry 3/5"));
        Secrets p = secret("p");
        assertEquals("pwLen", p.mask("pwLen"));
        assertEquals("\"****\"", p.mask("\"p\""));
    }

    @Test
    void aResultKeepsItsFieldNamesAndOtherValues() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Secrets p = secret("p");
        assertEquals(json.readTree("{\"pwLen\":1,\"pwEcho\":\"****\",\"day\":\"2026-01-31\"}"),
                p.maskStrings(json.readTree("{\"pwLen\":1,\"pwEcho\":\"p\",\"day\":\"2026-01-31\"}")));
    }

    @Test
    void aSecretWithRegexCharactersIsMatchedLiterally() {
        assertEquals("a **** b", secret("a.b").mask("a a.b b"));
        assertEquals("x axb y", secret("a.b").mask("x axb y"));
    }
}
