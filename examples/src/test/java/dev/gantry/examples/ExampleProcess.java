package dev.gantry.examples;

import dev.gantry.cli.GantryCommand;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code gantry ARGS} as a separate process in an example's folder, with only the given environment. */
final class ExampleProcess {
    private ExampleProcess() {
    }

    /** What the process printed (stdout and stderr merged) and its exit code. */
    record Result(int exitCode, String out) {
        /** The output with each line's action prefix padding squeezed: {@code Infra | text}. */
        String lines() {
            return out.replaceAll("(?m)^(\\S+) +\\| ", "$1 | ");
        }
    }

    /** Runs gantry in {@code folder} with PATH, {@code HOME}, AWS variables pointing at {@code awsEndpoint}, {@code extra}. */
    static Result run(Path folder, Path home, String awsEndpoint, Map<String, String> extra, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GantryCommand.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(folder.toFile()).redirectErrorStream(true);
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(),
                "AWS_ENDPOINT_URL", awsEndpoint, "AWS_ACCESS_KEY_ID", "demo", "AWS_SECRET_ACCESS_KEY", "demo-secret",
                "AWS_REGION", "us-east-1", "AWS_DEFAULT_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true"));
        // how this machine reaches the npm registry (a proxy's CA), for the CDK CLI's installation
        for (String name : List.of("NODE_EXTRA_CA_CERTS", "HTTPS_PROXY", "https_proxy")) {
            if (System.getenv(name) != null) {
                env.put(name, System.getenv(name));
            }
        }
        env.putAll(extra);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("gantry " + String.join(" ", args) + " did not finish in 300 s:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
