package dev.gantry.engine.run;

import dev.gantry.engine.model.Variable;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A hook can remove a host variable ({@link ActionScope#removeEnvironment}), but not the action's own. */
class StepEnvironmentRemovalTest {
    @Test
    void aNullHookValueRemovesTheHostVariableButNotTheActionsOwn() {
        Map<String, String> base = Map.of("PATH", "/usr/bin", "AWS_PROFILE", "laptop", "AWS_SESSION_TOKEN", "old");
        Map<String, String> hooks = new HashMap<>();
        hooks.put("AWS_PROFILE", null);
        hooks.put("AWS_SESSION_TOKEN", null);
        hooks.put("AWS_ACCESS_KEY_ID", "AK");
        Workspace ws = new Workspace(Path.of("/w"), Map.of(), false);
        StepEnvironment.Built env = StepEnvironment.build(base, ws, Path.of("/w"), hooks,
                List.of(new Variable("AWS_SESSION_TOKEN", "declared")));
        assertThat(env.variables()).doesNotContainKey("AWS_PROFILE").containsEntry("AWS_ACCESS_KEY_ID", "AK")
                .containsEntry("AWS_SESSION_TOKEN", "declared").containsEntry("PATH", "/usr/bin");
    }
}
