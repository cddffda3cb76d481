package dev.gantry.server.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server in a process of its own ({@link ServerProcessMain}), for tests that kill it with SIGKILL or stop it with
 * SIGTERM and start it again on the same data folder and database; its output goes to {@code server.log}.
 */
final class ServerProcess implements AutoCloseable {
    private final Path tmp;
    private final Path data;
    private final Path repository;
    private final TestDatabase database;
    private final List<String> jvmOptions;
    private final List<Process> processes = new ArrayList<>();

    /**
     * @param tmp        where the log goes
     * @param data       the server's data folder
     * @param repository the bare repository it watches, as "app"
     * @param jvmOptions extra {@code -D} options for {@link ServerProcessMain}
     */
    ServerProcess(Path tmp, Path data, Path repository, TestDatabase database, List<String> jvmOptions) {
        this.tmp = tmp;
        this.data = data;
        this.repository = repository;
        this.database = database;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** Starts a server process and waits until it answers and has fetched the repository. */
    ApiClient start() throws Exception {
        Files.deleteIfExists(data.resolve("port"));
        Files.createDirectories(data);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerProcessMain.class.getName(),
                data.toString(), repository.toString()));
        if (database.url() != null) {
            command.add(database.url());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("server.log").toFile())).start();
        processes.add(p);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(data.resolve("port"))) {
            assertThat(p.isAlive()).as("server process: %s", log()).isTrue();
            assertThat(System.nanoTime()).as("server start").isLessThan(deadline);
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readString(data.resolve("port")).strip());
        String token = Files.readString(data.resolve("initial-admin-token")).strip();
        ApiClient api = new ApiClient(port, token);
        api.await("/api/repositories", j -> j.path("repositories").path(0).path("branches").size() == 1, 60);
        return api;
    }

    /** The process last started. */
    Process current() {
        return processes.get(processes.size() - 1);
    }

    /** {@code kill -9} of the current process, waiting until it is gone. */
    void kill() throws InterruptedException {
        Process p = current();
        p.destroyForcibly();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** Everything the server processes printed. */
    String log() throws Exception {
        Path f = tmp.resolve("server.log");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
