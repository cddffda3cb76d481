package dev.gantry.engine.github;

/**
 * How a {@code run:} step's script is run, by its {@code shell} (GitHub's definitions for Linux): none given is
 * {@code bash -e {0}}, {@code bash} is {@code bash --noprofile --norc -eo pipefail {0}}, {@code sh} is
 * {@code sh -e {0}}, {@code python} is {@code python {0}} (python3 when there is no {@code python}), and any other
 * value is a command template in which {@code {0}} is the script file.
 *
 * @param template  the command, with {@code {0}} for the script's path (bash words)
 * @param extension the script file's extension
 */
public record StepShell(String template, String extension) {
    /** The shells GitHub names that need Windows or PowerShell, which Gantry's Linux runners do not have. */
    private static final java.util.Set<String> UNAVAILABLE = java.util.Set.of("pwsh", "powershell", "cmd");

    /** The shell for a step's {@code shell} value; {@code null} means the default. */
    public static StepShell of(String shell) {
        if (shell == null || shell.isBlank()) {
            return new StepShell("bash -e {0}", ".sh");
        }
        return switch (shell.strip()) {
            case "bash" -> new StepShell("bash --noprofile --norc -eo pipefail {0}", ".sh");
            case "sh" -> new StepShell("sh -e {0}", ".sh");
            case "python" -> new StepShell("\"$(command -v python || command -v python3)\" {0}", ".py");
            default -> new StepShell(shell.strip(), "");
        };
    }

    /** Why {@code shell} cannot be used, or {@code null} when it can. */
    public static String problem(String shell) {
        if (shell == null || shell.isBlank()) {
            return null;
        }
        String s = shell.strip();
        if (UNAVAILABLE.contains(s)) {
            return "shell '" + s + "' is not available on Gantry's Linux runners; use bash, sh, python or a "
                    + "command template with {0}";
        }
        if (!s.equals("bash") && !s.equals("sh") && !s.equals("python") && !s.contains("{0}")) {
            return "shell '" + s + "' is neither bash, sh nor python, and a custom shell needs {0} where the script "
                    + "file goes (e.g. 'perl {0}')";
        }
        return null;
    }

    /** The command line with the script's path (a bash word) in place of {@code {0}}. */
    public String command(String scriptPathWord) {
        return template.replace("{0}", scriptPathWord);
    }
}
