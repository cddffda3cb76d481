package dev.gantry.engine.action;

import java.nio.file.Path;
import java.util.List;

/**
 * A custom action built with the CodeCatalyst ADK, as its {@code action.yml} declares it (reference §2.14).
 *
 * @param name            {@code Name}
 * @param version         {@code Version}, or {@code null}
 * @param directory       the action's folder on this machine (its scripts' paths are relative to it)
 * @param actionFile      the {@code action.yml} it was read from, for messages
 * @param runtime         {@code Runs.Using}, e.g. {@code node16}
 * @param main            {@code Runs.Main}, a script path relative to {@code directory}
 * @param pre             {@code Runs.Pre}, or {@code null}
 * @param post            {@code Runs.Post}, or {@code null}
 * @param inputs          the {@code Configuration} parameters it takes, in file order
 * @param sourcesRequired {@code Inputs.Sources.Required}
 */
public record AdkAction(String name, String version, Path directory, Path actionFile, String runtime, String main,
                        String pre, String post, List<Input> inputs, boolean sourcesRequired) {
    public AdkAction {
        inputs = List.copyOf(inputs);
    }

    /**
     * One {@code Configuration} parameter of the action.
     *
     * @param name         the parameter's name ({@code SonarToken})
     * @param required     {@code Required}
     * @param defaultValue {@code Default}, or {@code null}
     */
    public record Input(String name, boolean required, String defaultValue) {
    }
}
