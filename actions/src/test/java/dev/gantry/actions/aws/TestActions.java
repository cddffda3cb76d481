package dev.gantry.actions.aws;

import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.ConnectionConfig;
import dev.gantry.engine.config.EnvironmentConfig;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Connection;
import dev.gantry.engine.model.Environment;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Variable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for the model objects and configuration the AWS tests need. */
final class TestActions {
    static final ConfigOrigin ORIGIN = new ConfigOrigin("gantry.yaml", new SourcePosition(2, 3));

    private TestActions() {
    }

    static Action action(String name, Environment env, Variable... declared) {
        return new Action(name, null, "aws/build@v1", List.of(), null, 30, env, Map.of(),
                new Inputs(List.of("WorkflowSource"), List.of(), List.of(declared)), Outputs.NONE, Configuration.NONE);
    }

    static Environment env(String name, String connection, String role) {
        return new Environment(name, connection == null ? List.of() : List.of(new Connection(connection, role)));
    }

    /** {@code demo} mapped to {@code endpoint}, region us-east-1, connection {@code development} in 123456789012. */
    static GantryConfig demoConfig(String endpoint) {
        return new GantryConfig(Map.of("demo", new EnvironmentConfig("demo", null, "us-east-1", endpoint,
                Map.of("development", new ConnectionConfig("development", "123456789012", ORIGIN)), ORIGIN)),
                null, List.of(), null);
    }

    /** Runs {@code script} in real bash with only PATH, HOME and {@code env}; returns stdout+stderr. */
    static String bash(String script, Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", script));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", System.getProperty("user.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        p.waitFor();
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
