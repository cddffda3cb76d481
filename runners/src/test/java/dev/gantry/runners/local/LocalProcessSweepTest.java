package dev.gantry.runners.local;

import dev.gantry.runners.shell.BashDriver;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java sweep over {@code /proc}, on real processes (the runner's behaviour is in {@link LocalRunnerTest}). */
class LocalProcessSweepTest {
    @Test
    void endsTheProcessesCarryingTheCookieExactlyAndNoOther() throws Exception {
        String cookie = BashDriver.newNonce();
        Process mine = sleeper(BashDriver.COOKIE + "=" + cookie);
        Process longer = sleeper(BashDriver.COOKIE + "=" + cookie + "0");
        Process shorter = sleeper(BashDriver.COOKIE + "=" + cookie.substring(1));
        Process inAnotherName = sleeper("X" + BashDriver.COOKIE + "=" + cookie);
        try {
            new LocalProcessSweep(cookie, null, Duration.ofMillis(200), Duration.ZERO, null).run();
            assertThat(mine.waitFor(10, TimeUnit.SECONDS)).as("the action's process ended").isTrue();
            assertThat(longer.isAlive()).isTrue();
            assertThat(shorter.isAlive()).isTrue();
            assertThat(inAnotherName.isAlive()).isTrue();
        } finally {
            for (Process p : new Process[] {mine, longer, shorter, inAnotherName}) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void withAPidWindowItStillEndsWhatStartedAfterTheShell() throws Exception {
        String cookie = BashDriver.newNonce();
        long forks = PidWindow.forks();
        Process shell = sleeper(BashDriver.COOKIE + "=" + cookie);
        Process child = sleeper(BashDriver.COOKIE + "=" + cookie);
        try {
            new LocalProcessSweep(cookie, null, Duration.ofMillis(200), Duration.ZERO,
                    new PidWindow(shell.pid(), forks)).run();
            assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            shell.destroyForcibly();
            child.destroyForcibly();
        }
    }

    @Test
    void aProcessThatIgnoresSigtermGetsSigkillAfterTheGrace() throws Exception {
        String cookie = BashDriver.newNonce();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done");
        pb.environment().put(BashDriver.COOKIE, cookie);
        Process stubborn = pb.start();
        try {
            assertThat(new String(stubborn.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
            long start = System.nanoTime();
            new LocalProcessSweep(cookie, null, Duration.ofMillis(300), Duration.ZERO, null).run();
            assertThat(stubborn.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stubborn.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(System.nanoTime() - start).as("after the grace").isGreaterThanOrEqualTo(
                    TimeUnit.MILLISECONDS.toNanos(300));
        } finally {
            stubborn.destroyForcibly();
        }
    }

    @Test
    void entriesMatchWhole() {
        byte[] env = "A=1\0GANTRY_ACTION_COOKIE=ab\0B=2\0GANTRY_ACTION_COOKIE=abc".getBytes(StandardCharsets.UTF_8);
        assertThat(new LocalProcessSweep.Entry("GANTRY_ACTION_COOKIE=ab").in(env, env.length)).isTrue();
        assertThat(new LocalProcessSweep.Entry("GANTRY_ACTION_COOKIE=abc").in(env, env.length)).isTrue();
        assertThat(new LocalProcessSweep.Entry("B=2").in(env, env.length)).isTrue();
        assertThat(new LocalProcessSweep.Entry("A=1").in(env, env.length)).isTrue();
        assertThat(new LocalProcessSweep.Entry("GANTRY_ACTION_COOKIE=a").in(env, env.length)).isFalse();
        assertThat(new LocalProcessSweep.Entry("TRY_ACTION_COOKIE=ab").in(env, env.length)).isFalse();
        assertThat(new LocalProcessSweep.Entry("=1").in(env, env.length)).isFalse();
        assertThat(new LocalProcessSweep.Entry("B=2").in(env, 3)).isFalse();
        assertThat(new LocalProcessSweep.Entry("GANTRY_ACTION_COOKIE=abcd").in(env, env.length)).isFalse();
    }

    private static Process sleeper(String entry) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sleep", "300");
        pb.environment().put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
        return pb.start();
    }
}
