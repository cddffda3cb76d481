package dev.gantry.runners.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.util.List;
import java.util.Optional;

/**
 * What a pod's status says for an action, in the cluster's own words: still starting (and why: not scheduled,
 * pulling, an image that cannot be pulled), running, or ended (evicted, OOM-killed, deleted, failed).
 */
public sealed interface PodState {
    /** The pod is not running its container yet; {@code reason} is the cluster's latest word on why. */
    record Starting(String reason) implements PodState {
    }

    /** The steps container runs: the runner can exec into it. */
    record Running() implements PodState {
    }

    /** The pod or its container ended; {@code reason} says how (e.g. {@code evicted: The node was low on ...}). */
    record Ended(String reason) implements PodState {
    }

    /** Reasons a waiting container will not get past by itself. */
    List<String> HOPELESS_WAITING = List.of("InvalidImageName", "CreateContainerConfigError",
            "CreateContainerError", "ErrImageNeverPull");

    /** The state {@code pod} is in ({@code null}: it no longer exists). */
    static PodState of(Pod pod) {
        if (pod == null) {
            return new Ended("the pod was deleted");
        }
        PodStatus status = pod.getStatus();
        if (status == null) {
            return new Starting("waiting for the scheduler");
        }
        Optional<ContainerStatus> container = status.getContainerStatuses() == null ? Optional.empty()
                : status.getContainerStatuses().stream().filter(c -> ActionPod.CONTAINER.equals(c.getName()))
                .findFirst();
        Optional<String> terminated = container.flatMap(PodState::terminated);
        String phase = String.valueOf(status.getPhase());
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            if ("Evicted".equals(status.getReason())) {
                return new Ended("evicted: " + text(status.getMessage()));
            }
            return new Ended(terminated.orElse("the pod " + ("Failed".equals(phase) ? "failed" : "ended")
                    + (status.getReason() == null ? "" : ": " + status.getReason())
                    + (status.getMessage() == null ? "" : ": " + status.getMessage())));
        }
        if (terminated.isPresent()) {
            return new Ended(terminated.get());
        }
        if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
            return new Ended("the pod is being deleted");
        }
        if (container.map(c -> c.getState() != null && c.getState().getRunning() != null).orElse(false)) {
            return new Running();
        }
        Optional<String> waiting = container.map(ContainerStatus::getState).map(ContainerState::getWaiting)
                .map(w -> w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage()));
        if (waiting.isPresent()) {
            return new Starting(waiting.get());
        }
        Optional<PodCondition> scheduled = status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
        if (scheduled.isPresent() && "False".equals(scheduled.get().getStatus())) {
            return new Starting("not scheduled (" + scheduled.get().getReason() + "): "
                    + text(scheduled.get().getMessage()));
        }
        return new Starting(scheduled.isPresent() ? "scheduled, starting the container" : "waiting for the "
                + "scheduler");
    }

    /** Whether a starting pod's reason means it will never run (an invalid image name, a missing secret). */
    static boolean hopeless(Starting s) {
        return HOPELESS_WAITING.stream().anyMatch(r -> s.reason().startsWith(r + ":") || s.reason().equals(r));
    }

    private static Optional<String> terminated(ContainerStatus c) {
        if (c.getState() == null || c.getState().getTerminated() == null) {
            return Optional.empty();
        }
        var t = c.getState().getTerminated();
        if ("OOMKilled".equals(t.getReason())) {
            return Optional.of("OOMKilled: the container went over its memory limit (exit " + t.getExitCode() + ")");
        }
        return Optional.of("the container ended (" + (t.getReason() == null ? "exit " + t.getExitCode()
                : t.getReason() + ", exit " + t.getExitCode()) + ")" + (t.getMessage() == null ? ""
                : ": " + t.getMessage()));
    }

    private static String text(String message) {
        return message == null ? "no message" : message.strip();
    }
}
