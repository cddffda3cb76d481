package dev.gantry.cli.startup;

import dev.gantry.cli.GantryCommand;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;

/**
 * The training run of the {@code gantry} launcher's class-data archive (AppCDS on Java 17, the AOT cache on Java
 * 25+): runs, in one JVM, the commands users start most ({@code --version}, {@code validate}, {@code list},
 * {@code graph}, {@code run} of the workflow file given), so that the archive holds the classes each of them
 * loads. Run in a scratch repository: {@code run} writes its records below the working directory. Output is
 * dropped; a failing command does not stop the others (the archive is only ever an optimisation).
 */
public final class ArchiveTraining {
    private ArchiveTraining() {
    }

    /** {@code args[0]}: a workflow file whose actions run quickly ({@code true}). */
    public static void main(String[] args) {
        String workflow = args[0];
        List<String[]> commands = List.of(new String[] {"--version"}, new String[] {"validate", workflow},
                new String[] {"list", workflow}, new String[] {"graph", workflow}, new String[] {"run", workflow},
                new String[] {"run", "--json", workflow}, new String[] {"--help"});
        for (String[] command : commands) {
            try {
                PrintWriter none = new PrintWriter(OutputStream.nullOutputStream());
                var cl = GantryCommand.commandLine(command);
                cl.setOut(none);
                cl.setErr(none);
                cl.execute(command);
            } catch (RuntimeException | Error e) {
                // training only: an archive without this command's classes is still an archive
            }
        }
    }
}
