package dev.gantry.engine.model;

/** {@code Compute.Type}. The YAML spellings {@code EC2}, {@code ec2}, {@code Lambda}, {@code LAMBDA} all map here. */
public enum ComputeType { EC2, LAMBDA }
