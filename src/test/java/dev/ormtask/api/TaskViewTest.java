package dev.ormtask.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A task's timeout as the API shows it in whole seconds: never shorter than the timeout itself. */
class TaskViewTest {

    @Test
    void aTimeoutBetweenWholeSecondsIsRoundedUp() {
        assertEquals(2, TaskView.wholeSecondsAtLeast(Duration.ofMillis(1500)));
        assertEquals(1, TaskView.wholeSecondsAtLeast(Duration.ofMillis(200)));
        assertEquals(1, TaskView.wholeSecondsAtLeast(Duration.ofSeconds(1)));
        assertEquals(600, TaskView.wholeSecondsAtLeast(Duration.ofMinutes(10)));
    }
}
