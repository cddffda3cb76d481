package dev.gantry.cli;

/**
 * A command cannot go on; why has already been printed. Thrown from anywhere below a command's {@code call()};
 * {@link GantryCommand#configure} turns it into its exit code.
 */
public final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    public CommandFailure(ExitCode exitCode) {
        super("exit " + exitCode.code(), null, false, false);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
