package dev.gantry.server.history;

/** One step of an action: its number (from 1), how it ended and when. */
public record StepRecord(String action, int position, String state, Integer exitCode, Long startedAt,
                         Long finishedAt) {
}
