package dev.gantry.runners.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's Kubernetes mock server in CRUD mode (objects are stored and served back as a real API server would,
 * without a scheduler or kubelet), with expectations for what CRUD cannot answer (exec, access reviews), on
 * 127.0.0.1 and a free port. A mock, because no Kubernetes API server can run on the machines Gantry is built on;
 * tests play the kubelet's part by writing pod statuses.
 */
public final class MockCluster implements AutoCloseable {
    public final KubernetesMockServer server;
    public final KubernetesClient client;
    private final LocalExec exec;

    /** CRUD and expectations only: an exec is answered by an expectation or not at all. */
    public MockCluster() throws UnknownHostException {
        this(null);
    }

    /**
     * CRUD and expectations, and, when {@code execDirectory} is given, exec channels answered by local processes
     * started there ({@link LocalExec}).
     */
    MockCluster(Path execDirectory) throws UnknownHostException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesClient[] reader = new KubernetesClient[1];
        exec = execDirectory == null ? null : new LocalExec(responses, () -> reader[0], execDirectory);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                exec != null ? exec : new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        reader[0] = client;
    }

    /**
     * A client of the mock that waits 60 s for an answer. fabric8's default request timeout, 10 s, is also how long
     * an exec waits for its WebSocket upgrade, and on a loaded 2-core machine the mock has taken longer.
     */
    public KubernetesClient patientClient() {
        return server.createClient(b -> b.editOrNewConfig().withRequestTimeout(60_000).endConfig());
    }

    /** A cluster object over the mock, in namespace {@code ns}. */
    KubernetesCluster cluster(String ns) {
        return new KubernetesCluster(server.createClient(), ns);
    }

    /** Plays the kubelet: sets {@code status} on the pod {@code ns/name}. */
    void setStatus(String ns, String name, PodStatus status) {
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        pod.setStatus(status);
        client.pods().inNamespace(ns).resource(pod).updateStatus();
    }

    /** Ends every process answering an exec, as when a pod's container goes. */
    void killExecs() {
        exec.close();
    }

    @Override
    public void close() {
        if (exec != null) {
            exec.close();
        }
        client.close();
        server.destroy();
    }
}
