package dev.gantry.cli.run;

import dev.gantry.engine.run.ActionResult;
import dev.gantry.engine.run.ActionStatus;
import dev.gantry.engine.run.RunEvent;
import dev.gantry.engine.run.RunListener;
import dev.gantry.engine.run.RunReport;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console view of a run: every line prefixed by its action's id (aligned; coloured on a terminal), step and
 * action boundaries, a live status line of running and waiting actions (on a terminal only), and a summary table.
 */
public final class ConsoleReporter implements RunListener, AutoCloseable {
    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String[] PALETTE = {"\u001b[36m", "\u001b[35m", "\u001b[34m", "\u001b[33m",
        "\u001b[32m", "\u001b[96m", "\u001b[95m", "\u001b[94m"};

    private final PrintWriter out;
    private final boolean terminal;
    private final boolean colour;
    private final java.util.function.Function<String, String> logsHint;
    private String logs;
    private final Map<String, String> colours = new HashMap<>();
    private final Map<String, Instant> running = new LinkedHashMap<>();
    private final List<String> waiting = new ArrayList<>();
    private int width = 8;
    private int total;
    private int done;
    private boolean statusShown;
    private ScheduledExecutorService ticker;

    /**
     * @param out      where to print
     * @param terminal whether {@code out} is a terminal (status line, colours)
     * @param colour   whether to use colours (a terminal, and {@code NO_COLOR} unset)
     * @param logsHint where a run's logs are (given its id), for the last line
     */
    public ConsoleReporter(PrintWriter out, boolean terminal, boolean colour,
                           java.util.function.Function<String, String> logsHint) {
        this.out = out;
        this.terminal = terminal;
        this.colour = colour;
        this.logsHint = logsHint;
    }

    @Override
    public synchronized void onEvent(RunEvent event) {
        clearStatus();
        if (event instanceof RunEvent.RunStarted s) {
            logs = logsHint.apply(s.runId());
            started(s);
        } else if (event instanceof RunEvent.ActionStarted s) {
            waiting.remove(s.actionId());
            running.put(s.actionId(), s.at());
            line(s.actionId(), dim("started" + (s.runner() == null ? "" : " on " + s.runner())));
        } else if (event instanceof RunEvent.StepStarted s) {
            line(s.actionId(), bold("==> step " + s.step() + "/" + s.steps() + ": " + firstLine(s.text())));
        } else if (event instanceof RunEvent.StepFinished s) {
            if (s.status() != 0) {
                line(s.actionId(), red("<== step " + s.step() + " exited with " + s.status()));
            }
        } else if (event instanceof RunEvent.LogLine l) {
            line(l.actionId(), l.note() ? dim("gantry: " + l.text()) : l.text());
        } else if (event instanceof RunEvent.ActionFinished f) {
            finished(f.result());
        } else if (event instanceof RunEvent.RunFinished f) {
            summary(f.report());
        }
        showStatus();
        out.flush();
    }

    private void started(RunEvent.RunStarted s) {
        total = s.actions().size();
        for (RunEvent.PlannedAction a : s.actions()) {
            width = Math.max(width, a.actionId().length());
            colours.put(a.actionId(), PALETTE[colours.size() % PALETTE.length]);
            waiting.add(a.actionId());
        }
        out.println(bold("Running workflow " + s.workflow()) + dim(" (run " + s.runId() + ", " + total + " action"
                + (total == 1 ? "" : "s") + ")"));
        if (terminal) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gantry-status");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void finished(ActionResult r) {
        running.remove(r.actionId());
        waiting.remove(r.actionId());
        done++;
        String text = switch (r.status()) {
            case SUCCEEDED -> green("<== succeeded in " + Durations.format(r.duration()));
            case SKIPPED -> yellow("<== " + (r.message() == null ? "skipped" : r.message()));
            default -> red("<== " + r.status().label() + (r.started() == null ? ""
                    : " after " + Durations.format(r.duration())) + (r.message() == null ? "" : ": " + r.message()));
        };
        line(r.actionId(), text);
    }

    private void summary(RunReport report) {
        stopTicker();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ACTION", "RUNNER", "STATUS", "DURATION", "EXIT", "NOTES"});
        for (ActionResult a : report.actions()) {
            List<String> notes = new ArrayList<>(a.summary());
            if (a.status() != ActionStatus.SUCCEEDED && a.message() != null) {
                notes.add(a.message());
            }
            rows.add(new String[] {a.actionId(), a.runner() == null ? "-" : a.runner(), a.status().label(),
                a.started() == null ? "-" : Durations.format(a.duration()),
                a.exitCode() == null ? "-" : a.exitCode().toString(), String.join("; ", notes)});
        }
        int[] w = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < 5; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        out.println();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                sb.append(pad(row[i], w[i])).append("  ");
            }
            sb.append(row[5]);
            String text = sb.toString().stripTrailing();
            if (r == 0) {
                out.println(bold(text));
            } else {
                ActionStatus st = report.actions().get(r - 1).status();
                out.println(st == ActionStatus.SUCCEEDED ? text : st == ActionStatus.SKIPPED ? yellow(text)
                        : red(text));
            }
        }
        Map<ActionStatus, Integer> counts = new LinkedHashMap<>();
        report.actions().forEach(a -> counts.merge(a.status(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((st, n) -> parts.add(n + " " + st.label()));
        String verdict = "Run " + report.status().label() + " in " + Durations.format(report.duration()) + " ("
                + String.join(", ", parts) + ")";
        out.println();
        out.println(switch (report.status()) {
            case SUCCEEDED -> green(bold(verdict));
            case FAILED -> red(bold(verdict));
            case INTERRUPTED -> yellow(bold(verdict));
        } + (logs == null ? "" : dim(" logs: " + logs)));
    }

    private void line(String actionId, String text) {
        String c = colours.getOrDefault(actionId, "");
        out.println(colour(c, pad(actionId, width)) + dim(" | ") + text);
    }

    private synchronized void tick() {
        clearStatus();
        showStatus();
        out.flush();
    }

    private void showStatus() {
        if (!terminal || running.isEmpty() && waiting.isEmpty() || ticker == null) {
            return;
        }
        Instant now = Instant.now();
        List<String> parts = new ArrayList<>();
        running.forEach((id, at) -> parts.add(id + " " + Durations.format(Duration.between(at, now))));
        String status = "[" + done + "/" + total + " done] running: " + (parts.isEmpty() ? "-"
                : String.join(", ", parts)) + (waiting.isEmpty() ? "" : " | waiting: " + waiting.size());
        out.print(dim(status));
        statusShown = true;
    }

    private void clearStatus() {
        if (statusShown) {
            out.print("\r\u001b[K");
            statusShown = false;
        }
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    @Override
    public synchronized void close() {
        stopTicker();
        clearStatus();
        out.flush();
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        String first = nl < 0 ? t : t.substring(0, nl) + " ...";
        return first.length() > 100 ? first.substring(0, 97) + "..." : first;
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private String colour(String code, String s) {
        return colour && !code.isEmpty() ? code + s + RESET : s;
    }

    private String dim(String s) {
        return colour(DIM, s);
    }

    private String bold(String s) {
        return colour(BOLD, s);
    }

    private String red(String s) {
        return colour(RED, s);
    }

    private String green(String s) {
        return colour(GREEN, s);
    }

    private String yellow(String s) {
        return colour(YELLOW, s);
    }
}
