package dev.gantry.engine.action;

/**
 * Finds the custom (ADK) action a workflow names: {@code Identifier: .} (the repository's own
 * {@code .codecatalyst/actions/action.yml}) or {@code owner/name@vN} (mapped in {@code gantry.yaml}). The
 * {@code dsl} module implements it (it reads {@code action.yml}); the {@code actions} module runs what it finds.
 */
@FunctionalInterface
public interface CustomActionCatalog {
    /** Looks {@code identifier} up. Never throws: a problem is a {@link Lookup.Missing} with what to do. */
    Lookup find(String identifier);

    /** The outcome of a look-up. */
    sealed interface Lookup {
        /** The action, read from its {@code action.yml}. */
        record Found(AdkAction action) implements Lookup {
        }

        /** No usable action: not mapped, no {@code action.yml}, or a broken one; {@code message} says what to do. */
        record Missing(String message) implements Lookup {
        }
    }

    /** A catalog that knows no custom action. */
    static CustomActionCatalog none() {
        return id -> new Lookup.Missing("custom action '" + id + "' is not mapped to a folder; map it in "
                + "gantry.yaml under actions:");
    }
}
