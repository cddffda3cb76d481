package dev.gantry.actions.gha;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GitHub step of an {@code aws/github-actions-runner} action (or of a composite action), as written: the keys
 * reference §2.12 allows. Values that may hold {@code ${{ }}} are kept as text and evaluated when the step runs.
 *
 * @param index            1-based position among its action's steps
 * @param id               {@code id}, or {@code null}
 * @param condition        {@code if}, or {@code null}
 * @param name             {@code name}, or {@code null}
 * @param uses             {@code uses}, or {@code null}
 * @param with             {@code with} inputs, as text
 * @param run              {@code run}, or {@code null}
 * @param env              {@code env}, as text
 * @param continueOnError  {@code continue-on-error} as text ({@code true}, {@code false} or an expression), or
 *                         {@code null}
 * @param timeoutMinutes   {@code timeout-minutes} as text, or {@code null}
 * @param workingDirectory {@code working-directory}, or {@code null}
 * @param shell            {@code shell}, or {@code null}
 */
public record GithubStep(int index, String id, String condition, String name, String uses, Map<String, String> with,
                         String run, Map<String, String> env, String continueOnError, String timeoutMinutes,
                         String workingDirectory, String shell) {
    public GithubStep {
        with = Collections.unmodifiableMap(new LinkedHashMap<>(with));
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** The steps of an action's {@code Configuration.Steps} (plain values as the loader keeps them). */
    public static List<GithubStep> of(Object steps) {
        List<GithubStep> out = new ArrayList<>();
        if (steps instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map) {
                    out.add(of(out.size() + 1, map));
                }
            }
        }
        return out;
    }

    /** One step from its mapping. */
    public static GithubStep of(int index, Map<?, ?> m) {
        return new GithubStep(index, text(m.get("id")), text(m.get("if")), text(m.get("name")), text(m.get("uses")),
                texts(m.get("with")), text(m.get("run")), texts(m.get("env")), text(m.get("continue-on-error")),
                text(m.get("timeout-minutes")), text(m.get("working-directory")), text(m.get("shell")));
    }

    /** What the log shows for the step: its name, else {@code Run <first line>} or {@code Run <uses>}. */
    public String title() {
        if (name != null && !name.isBlank()) {
            return name;
        }
        if (uses != null) {
            return "Run " + uses;
        }
        String first = run == null ? "" : run.strip();
        int nl = first.indexOf('\n');
        return "Run " + (nl < 0 ? first : first.substring(0, nl) + " ...");
    }

    /** The id that {@code steps.<id>} uses: {@code id}, else GitHub's generated {@code __N}. */
    public String contextId() {
        return id != null ? id : "__" + index;
    }

    static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    static Map<String, String> texts(Object v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> map) {
            map.forEach((k, x) -> out.put(String.valueOf(k), x == null ? "" : text(x)));
        }
        return out;
    }
}
