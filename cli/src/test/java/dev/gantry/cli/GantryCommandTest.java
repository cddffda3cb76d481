package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class GantryCommandTest {
    /** A subcommand that fails the way a bug would. */
    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("something impossible");
        }
    }

    @Test
    void anUnexpectedFailureIsOneLineAndExit70NotAStackTrace() {
        CommandLine cl = GantryCommand.commandLine();
        cl.addSubcommand("boom", new Boom());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute("boom");
        assertThat(exit).isEqualTo(ExitCode.INTERNAL.code()).isEqualTo(70);
        assertThat(err.toString()).isEqualTo("gantry: internal error: java.lang.IllegalStateException: something "
                + "impossible (please report it; GANTRY_DEBUG=1 shows the stack trace)\n");
    }

    /** A subcommand hit by a Java {@link Error} (a bug as well). */
    @CommandLine.Command(name = "overflow")
    static final class Overflow implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new StackOverflowError("deep");
        }
    }

    @Test
    void aJavaErrorIsExit70Too() {
        CommandLine cl = GantryCommand.commandLine();
        cl.addSubcommand("overflow", new Overflow());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("overflow")).isEqualTo(70);
        assertThat(err.toString()).startsWith("gantry: internal error: java.lang.StackOverflowError: deep")
                .doesNotContain("\tat ");
    }

    @Test
    void aCommandFailureExitsWithItsCodeAndPrintsNothingMore() {
        CommandLine cl = GantryCommand.commandLine();
        cl.addSubcommand("refuse", new Refuse());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("refuse")).isEqualTo(3);
        assertThat(err.toString()).isEmpty();
    }

    @CommandLine.Command(name = "refuse")
    static final class Refuse implements Callable<Integer> {
        @Override
        public Integer call() throws CommandFailure {
            throw new CommandFailure(ExitCode.INVALID_WORKFLOW);
        }
    }

    @Test
    void theExitCodesAreTheReadmesTable() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("### Exit codes"));
        table = table.substring(0, table.indexOf("\n## "));
        for (ExitCode c : ExitCode.values()) {
            assertThat(table).as(c.name()).contains("| " + c.code() + " |");
        }
        assertThat(table.lines().filter(l -> l.matches("\\| \\d+ \\|.*"))).hasSize(ExitCode.values().length);
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CommandLine cl = GantryCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--bogus")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).startsWith("gantry: Unknown option: '--bogus'");
    }
}
