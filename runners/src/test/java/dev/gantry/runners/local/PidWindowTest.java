package dev.gantry.runners.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PidWindowTest {
    @Test
    void theRangeRunsFromTheShellToTheLastPidAcrossTheWrap() {
        PidWindow.Range plain = PidWindow.window(1000, 1500, 600, 300, 32768);
        assertThat(plain.contains(1000)).as("the shell itself").isTrue();
        assertThat(plain.contains(1200)).isTrue();
        assertThat(plain.contains(1500)).isTrue();
        assertThat(plain.contains(999)).isFalse();
        assertThat(plain.contains(1501)).isFalse();
        assertThat(plain.contains(400)).isFalse();

        PidWindow.Range wrapped = PidWindow.window(32000, 500, 1300, 300, 32768);
        assertThat(wrapped.contains(32000)).isTrue();
        assertThat(wrapped.contains(32767)).isTrue();
        assertThat(wrapped.contains(300)).isTrue();
        assertThat(wrapped.contains(500)).isTrue();
        assertThat(wrapped.contains(501)).isFalse();
        assertThat(wrapped.contains(31999)).isFalse();
    }

    @Test
    void noWindowWhenTheAllocatorMayHaveComeRound() {
        assertThat(PidWindow.window(1000, 1500, 16234, 300, 32768)).as("half the range forked").isNull();
        assertThat(PidWindow.window(1000, 1500, 600, 8117, 32768)).as("a quarter of the range in use").isNull();
        assertThat(PidWindow.window(1000, 1500, -1, 300, 32768)).as("counts unknown").isNull();
        assertThat(PidWindow.window(1000, 1500, 16000, 300, 4194304)).isNotNull();
    }

    @Test
    void thisMachinesWindowHoldsAProcessStartedAfterTheCount() throws Exception {
        long forks = PidWindow.forks();
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            PidWindow.Range now = new PidWindow(p.pid(), forks).now();
            org.junit.jupiter.api.Assumptions.assumeTrue(now != null, "no pid window on this machine now (busy, or "
                    + "/proc of another namespace): the sweep reads every process");
            assertThat(now.contains(p.pid())).isTrue();
            Process later = new ProcessBuilder("sleep", "30").start();
            try {
                assertThat(new PidWindow(p.pid(), forks).now().contains(later.pid())).isTrue();
            } finally {
                later.destroyForcibly();
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
