package dev.gantry.server;

import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.RunState;
import dev.gantry.server.latency.StartPhase;
import dev.gantry.server.latency.StartTimes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics (Micrometer): runs by state (from the history, at each scrape), queue lengths,
 * action durations and webhook outcomes. {@code GET /metrics} serves {@link #scrape()}.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> webhooks = new ConcurrentHashMap<>();

    /**
     * @param history      for runs by state
     * @param queueWaiting how many runs wait in all RunMode queues now
     */
    public ServerMetrics(HistoryStore history, Supplier<Number> queueWaiting) {
        for (RunState state : RunState.values()) {
            Gauge.builder("gantry_runs", () -> history.countByState().get(state))
                    .description("runs recorded, by state").tag("state", state.label()).register(registry);
        }
        Gauge.builder("gantry_queue_waiting_runs", queueWaiting).description("runs waiting in RunMode queues")
                .register(registry);
    }

    /** Counts a webhook delivery: accepted, duplicate, ignored or refused. */
    public void webhook(String provider, String outcome) {
        webhooks.computeIfAbsent(provider + "/" + outcome, k -> Counter.builder("gantry_webhooks")
                .description("webhook deliveries by provider and outcome").tag("provider", provider)
                .tag("outcome", outcome).register(registry)).increment();
    }

    /** Records how long an action ran and how it ended. */
    public void action(String workflow, String state, Duration duration) {
        Timer.builder("gantry_action_duration").description("how long actions ran")
                .tag("workflow", workflow).tag("state", state.toLowerCase(Locale.ROOT)).register(registry)
                .record(duration);
    }

    /** Counts a run that ended. */
    public void runFinished(String workflow, RunState state) {
        Counter.builder("gantry_runs_finished").description("runs that ended, by state").tag("workflow", workflow)
                .tag("state", state.label()).register(registry).increment();
    }

    /** Records how long one phase of a run's way from its trigger to its first step took. */
    public void startPhase(StartPhase phase, StartTimes times) {
        times.took(phase).ifPresent(d -> Timer.builder("gantry_start_phase").description("time from a trigger's "
                + "arrival to its run's first step, by phase (see StartPhase)").tag("trigger", times.trigger())
                .tag("phase", phase.tag()).register(registry).record(d));
        if (phase == StartPhase.STEP_STARTED) {
            Timer.builder("gantry_start_latency").description("time from a trigger's arrival (webhook accepted, "
                    + "poll begun, API call) to its run's first step").tag("trigger", times.trigger())
                    .register(registry).record(times.sinceOrigin().get(phase));
        }
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
