package dev.gantry.engine.model;

/** {@code Triggers[].Type}. {@code Push}/{@code PullRequest} spellings map here; MANUAL is used by real files. */
public enum TriggerType { PUSH, PULLREQUEST, SCHEDULE, MANUAL }
