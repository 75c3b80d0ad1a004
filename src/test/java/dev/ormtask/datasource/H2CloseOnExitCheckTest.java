package dev.ormtask.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which H2 URLs H2 closes when the JVM begins to stop, failing the runs a stop would let finish. */
class H2CloseOnExitCheckTest {

    @ParameterizedTest(name = "{0} closes on exit: {1}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:h2:file:./data/app | true",
        "jdbc:h2:./data/app;WRITE_DELAY=0 | true",
        "jdbc:h2:~/app;DB_CLOSE_ON_EXIT=TRUE | true",
        "jdbc:h2:file:/srv/app;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0 | false",
        "jdbc:h2:file:/srv/app;write_delay=0;db_close_on_exit=false | false",
        "jdbc:h2:file:/srv/DB_CLOSE_ON_EXIT=FALSE | true",
        "jdbc:h2:tcp://db:9092/app | false",
        "jdbc:h2:ssl://db/app | false",
        "jdbc:h2:mem:history;DB_CLOSE_DELAY=-1 | false",
        "jdbc:postgresql://db/app | false",
    })
    void onlyAnEmbeddedDatabaseWithoutTheSettingClosesOnExit(String url, boolean closes) {
        assertEquals(closes, H2CloseOnExitCheck.closesOnExit(url));
    }
}
