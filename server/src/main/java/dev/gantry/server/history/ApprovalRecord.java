package dev.gantry.server.history;

/** One person's decision at an approval gate: {@code approve} or {@code reject}. */
public record ApprovalRecord(String action, String user, String decision, String comment, long at) {
}
