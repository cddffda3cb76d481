package dev.gantry.engine.model;

/** {@code RunMode}: how runs of the same workflow share actions. */
public enum RunMode { QUEUED, SUPERSEDED, PARALLEL }
