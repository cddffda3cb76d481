package dev.gantry.actions.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A real {@code moto_server} (preinstalled) on a free loopback port, for tests: started by the test, stopped with
 * its whole process tree by {@link #close()}. With {@code enforceIam}, moto checks IAM policies after the first
 * {@code unauthenticatedCalls} requests (its {@code INITIAL_NO_AUTH_ACTION_COUNT}).
 */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static MotoServer start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /** Starts moto with IAM enforced after {@code unauthenticatedCalls} set-up calls. */
    public static MotoServer startEnforcingIam(int unauthenticatedCalls) throws IOException, InterruptedException {
        return start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", Integer.toString(unauthenticatedCalls)));
    }

    /** Starts moto with these environment variables (moto's settings, e.g. {@code MOTO_ECS_SERVICE_RUNNING}). */
    public static MotoServer start(Map<String, String> env) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("moto-", ".log");
        log.toFile().deleteOnExit(); // should close() not be reached
        ProcessBuilder pb = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        MotoServer server = new MotoServer(pb.start(), port, log);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!server.answers()) {
            if (!server.process.isAlive() || Instant.now().isAfter(deadline)) {
                String out = Files.readString(log);
                server.close();
                throw new IOException("moto_server did not start on port " + port + ":\n" + out);
            }
            Thread.sleep(50);
        }
        return server;
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(1000);
            int code = c.getResponseCode();
            c.disconnect();
            return code > 0;
        } catch (IOException e) {
            return false;
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Access keys of an IAM user. */
    public record AccessKey(String id, String secret) {
    }

    /**
     * Creates (during moto's unauthenticated set-up calls: three) an IAM user whose only permission is
     * {@code sts:AssumeRole} on {@code roleArn}, and returns its access keys.
     */
    public AccessKey createUserAllowedToAssume(String user, String roleArn) {
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(URI.create(endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("setup", "setup")))
                .build()) {
            iam.createUser(b -> b.userName(user));
            iam.putUserPolicy(b -> b.userName(user).policyName("assume").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                            + "\"sts:AssumeRole\",\"Resource\":\"" + roleArn + "\"}]}"));
            var key = iam.createAccessKey(b -> b.userName(user)).accessKey();
            return new AccessKey(key.accessKeyId(), key.secretAccessKey());
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // removed at the JVM's exit then (deleteOnExit)
            }
        }
    }
}
