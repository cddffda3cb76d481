package dev.gantry.engine.run;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunListenerTest {
    @Test
    void aListenerThatThrowsDoesNotKeepTheEventFromTheOthers() {
        List<String> seen = new ArrayList<>();
        RunListener all = RunListener.all(List.of(
                e -> seen.add("first"),
                e -> {
                    throw new IllegalStateException("a reporter's bug");
                },
                e -> seen.add("third")));
        all.onEvent(new RunEvent.LogLine("A", 1, "hello", false, Instant.now()));
        assertThat(seen).containsExactly("first", "third");
    }
}
