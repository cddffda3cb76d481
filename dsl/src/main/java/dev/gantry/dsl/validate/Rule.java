package dev.gantry.dsl.validate;

/** One family of semantic checks; reports through the context. Rules are stateless. */
interface Rule {
    void check(ValidationContext ctx);
}
