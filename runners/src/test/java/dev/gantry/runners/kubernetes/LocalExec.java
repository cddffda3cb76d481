package dev.gantry.runners.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock server's dispatcher (CRUD and expectations) plus exec channels answered by local processes: a stand-in
 * for a container, because no kubelet or container runtime can run here. It speaks the API server's exec protocol
 * ({@code v4.channel.k8s.io} over a WebSocket: stdin frames on channel 0, stdout on 1, stderr on 2, the exit status
 * as a Status on 3) and gives each process what a container's exec'd process would have: the variables of the
 * secret the pod names in {@code envFrom}, and {@code PATH} and {@code HOME}. Every process is a child of this JVM
 * and is ended by {@link #close}.
 */
final class LocalExec extends KubernetesMixedDispatcher implements AutoCloseable {
    private static final Pattern EXEC = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/exec\\?(.*)");

    private final Supplier<KubernetesClient> client;
    private final Path workingDirectory;
    private final List<Process> started = new CopyOnWriteArrayList<>();

    LocalExec(Map<ServerRequest, Queue<ServerResponse>> responses, Supplier<KubernetesClient> client,
              Path workingDirectory) {
        super(responses);
        this.client = client;
        this.workingDirectory = workingDirectory;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = EXEC.matcher(request.getPath());
        if (!m.matches()) {
            return super.dispatch(request);
        }
        List<String> command = new ArrayList<>();
        for (String param : m.group(3).split("&")) {
            if (param.startsWith("command=")) {
                command.add(URLDecoder.decode(param.substring(8), StandardCharsets.UTF_8));
            }
        }
        return new MockResponse().setResponseCode(101).withWebSocketUpgrade(new Channel(command, m.group(1),
                m.group(2)));
    }

    /** What the pod's container has: the variables of its envFrom secret, over this machine's PATH and HOME. */
    private Map<String, String> environment(String namespace, String pod) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", System.getProperty("user.home"));
        Pod p = client.get().pods().inNamespace(namespace).withName(pod).get();
        if (p == null) {
            return env;
        }
        for (var from : p.getSpec().getContainers().get(0).getEnvFrom()) {
            Secret s = client.get().secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get();
            if (s != null && s.getData() != null) {
                s.getData().forEach((k, v) -> env.put(k, new String(Base64.getDecoder().decode(v),
                        StandardCharsets.UTF_8)));
            }
            if (s != null && s.getStringData() != null) {
                env.putAll(s.getStringData());
            }
        }
        return env;
    }

    /**
     * One exec channel: a local process. It starts on a thread of its own (the pod's secret is read through the
     * mock server, whose event loop must not wait for itself); stdin frames that come first wait for it.
     */
    private final class Channel extends WebSocketListener {
        private final List<String> command;
        private final String namespace;
        private final String pod;
        private final List<byte[]> early = new ArrayList<>();
        private Process process;

        Channel(List<String> command, String namespace, String pod) {
            this.command = command;
            this.namespace = namespace;
            this.pod = pod;
        }

        @Override
        public void onOpen(WebSocket ws, Response response) {
            daemon(() -> start(ws));
        }

        private void start(WebSocket ws) {
            Process p;
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
                pb.environment().clear();
                pb.environment().putAll(environment(namespace, pod));
                p = pb.start();
                started.add(p);
                synchronized (this) {
                    process = p;
                    for (byte[] b : early) {
                        write(b);
                    }
                    early.clear();
                }
            } catch (IOException e) {
                ws.send(frame(2, ("exec failed: " + e.getMessage()).getBytes(StandardCharsets.UTF_8), 0,
                        e.getMessage().length()));
                ws.send(new StatusStreamMessage(126).getBytes());
                ws.close(1000, "");
                return;
            }
            Thread out = pump(p.getInputStream(), 1, ws);
            Thread err = pump(p.getErrorStream(), 2, ws);
            daemon(() -> {
                try {
                    int code = p.waitFor();
                    out.join();
                    err.join();
                    ws.send(new StatusStreamMessage(code).getBytes());
                    ws.close(1000, "");
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public synchronized void onMessage(WebSocket ws, byte[] bytes) {
            if (bytes.length == 0 || bytes[0] != 0) {
                return;
            }
            if (process == null) {
                early.add(bytes);
            } else {
                write(bytes);
            }
        }

        private void write(byte[] frame) {
            try {
                OutputStream in = process.getOutputStream();
                in.write(frame, 1, frame.length - 1);
                in.flush();
            } catch (IOException ignored) {
                // the process no longer reads its stdin
            }
        }

        @Override
        public void onMessage(WebSocket ws, ByteString bytes) {
            onMessage(ws, bytes.toByteArray());
        }
    }

    private static Thread pump(InputStream from, int channel, WebSocket ws) {
        return daemon(() -> {
            byte[] buffer = new byte[16384];
            try {
                int n;
                while ((n = from.read(buffer)) > 0) {
                    ws.send(frame(channel, buffer, 0, n));
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "local-exec");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static byte[] frame(int channel, byte[] bytes, int off, int len) {
        byte[] f = new byte[len + 1];
        f[0] = (byte) channel;
        System.arraycopy(bytes, off, f, 1, len);
        return f;
    }

    /** Ends every process it started and what they started. */
    @Override
    public void close() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
