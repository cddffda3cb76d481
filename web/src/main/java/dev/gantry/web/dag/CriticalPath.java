package dev.gantry.web.dag;

import dev.gantry.server.history.ActionRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The critical path of a run: the chain of dependent actions whose durations add up to the most, so the one to
 * shorten first. An action still running counts until {@code now}; one that has not started counts nothing.
 *
 * @param actions the actions on the path, first to last
 * @param millis  the sum of their durations
 */
public record CriticalPath(List<String> actions, long millis) {
    public CriticalPath {
        actions = List.copyOf(actions);
    }

    /** Whether the edge {@code from -> to} lies on the path. */
    public boolean has(String from, String to) {
        int i = actions.indexOf(from);
        return i >= 0 && i + 1 < actions.size() && actions.get(i + 1).equals(to);
    }

    public static CriticalPath of(RunGraph graph, Map<String, ActionRecord> records, long now) {
        Map<String, List<String>> preds = new HashMap<>();
        Map<String, Integer> indegree = new HashMap<>();
        Map<String, List<String>> succ = new HashMap<>();
        for (String a : graph.actions()) {
            indegree.put(a, 0);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (RunGraph.Edge e : graph.edges()) {
            if (!indegree.containsKey(e.from()) || !indegree.containsKey(e.to()) || !seen.add(e.from() + "\n"
                    + e.to())) {
                continue;
            }
            preds.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
            succ.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
            indegree.merge(e.to(), 1, Integer::sum);
        }
        Deque<String> ready = new ArrayDeque<>();
        indegree.forEach((a, d) -> {
            if (d == 0) {
                ready.add(a);
            }
        });
        Map<String, Long> best = new HashMap<>();
        Map<String, String> via = new HashMap<>();
        String end = null;
        while (!ready.isEmpty()) {
            String a = ready.poll();
            long own = duration(records.get(a), now);
            long before = 0;
            String from = null;
            for (String p : preds.getOrDefault(a, List.of())) {
                long b = best.getOrDefault(p, 0L);
                if (from == null || b > before) {
                    before = b;
                    from = p;
                }
            }
            if (from != null && before > 0) {
                via.put(a, from);
            }
            best.put(a, before + own);
            if (end == null || best.get(a) > best.get(end)) {
                end = a;
            }
            for (String s : succ.getOrDefault(a, List.of())) {
                if (indegree.merge(s, -1, Integer::sum) == 0) {
                    ready.add(s);
                }
            }
        }
        if (end == null || best.get(end) == 0) {
            return new CriticalPath(List.of(), 0);
        }
        List<String> path = new ArrayList<>();
        for (String a = end; a != null; a = via.get(a)) {
            path.add(a);
        }
        Collections.reverse(path);
        return new CriticalPath(path, best.get(end));
    }

    static long duration(ActionRecord a, long now) {
        if (a == null || a.startedAt() == null) {
            return 0;
        }
        return Math.max(0, (a.finishedAt() != null ? a.finishedAt() : now) - a.startedAt());
    }
}
