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
        assertThat(exit).isEqualTo(GantryCommand.EXIT_INTERNAL).isEqualTo(70);
        assertThat(err.toString()).isEqualTo("gantry: internal error: java.lang.IllegalStateException: something "
                + "impossible (please report it; GANTRY_DEBUG=1 shows the stack trace)\n");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CommandLine cl = GantryCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--bogus")).isEqualTo(GantryCommand.EXIT_USAGE);
        assertThat(err.toString()).startsWith("gantry: Unknown option: '--bogus'");
    }
}
