package dev.gantry.web.page;

import java.util.Locale;

/**
 * How a run, action or step state is shown: a word, an icon and a CSS class, so colour is never the only carrier.
 * States come from the history ({@code in-progress}, {@code succeeded}, {@code failed}, {@code waiting}, ...).
 */
public record Status(String word, String icon, String css) {
    /** The display of a state label (unknown labels are shown as they are, neutral). */
    public static Status of(String state) {
        String s = state == null || state.isBlank() ? "waiting" : state.toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (s) {
            case "succeeded", "success" -> new Status("Succeeded", "✔", "ok");
            case "failed", "failure", "error" -> new Status("Failed", "✖", "bad");
            case "running", "in-progress" -> new Status(s.equals("running") ? "Running" : "In progress", "▶", "run");
            case "queued" -> new Status("Queued", "‖", "wait");
            case "waiting" -> new Status("Waiting", "…", "wait");
            case "skipped" -> new Status("Skipped", "↷", "skip");
            case "stopped", "cancelled", "canceled" -> new Status(s.equals("stopped") ? "Stopped" : "Cancelled",
                    "■", "skip");
            case "superseded" -> new Status("Superseded", "⇥", "skip");
            case "abandoned" -> new Status("Abandoned", "⚠", "bad");
            default -> new Status(Character.toUpperCase(s.charAt(0)) + s.substring(1), "•", "wait");
        };
    }

    /** A badge: icon and word, classed for colour. */
    public String badge() {
        return "<span class=\"badge " + css + "\"><span aria-hidden=\"true\">" + icon + "</span> " + word
                + "</span>";
    }
}
