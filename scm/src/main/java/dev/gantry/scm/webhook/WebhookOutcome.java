package dev.gantry.scm.webhook;

import dev.gantry.engine.trigger.TriggerEvent;

import java.util.List;
import java.util.Objects;

/** What a webhook delivery amounts to: trigger events, nothing to do, or a refusal with its HTTP status. */
public sealed interface WebhookOutcome {
    /**
     * A verified delivery carrying trigger events (the server answers 202 and remembers {@code deliveryId}, so a
     * redelivery starts nothing twice). The events' changed files are not known yet: the payloads list at most a
     * few commits, so the server fetches and completes them from its mirror.
     *
     * @param provider   who sent it
     * @param deliveryId the provider's id of this delivery (the same on a redelivery)
     * @param repository the repository it is about
     * @param events     one per branch moved, or one pull request event
     */
    record Accepted(WebhookProvider provider, String deliveryId, RepositoryIdentity repository,
                    List<TriggerEvent> events) implements WebhookOutcome {
        public Accepted {
            Objects.requireNonNull(deliveryId, "deliveryId");
            events = List.copyOf(events);
        }
    }

    /**
     * A verified delivery that starts nothing (a ping, a tag push, an edited pull request title); the server answers
     * 202 (or 200) with the reason.
     */
    record Ignored(WebhookProvider provider, String deliveryId, String reason) implements WebhookOutcome {
    }

    /**
     * A refused delivery: {@code status} 401 (signature or token missing or wrong), 400 (malformed), 413 (too
     * large); {@code reason} is safe to send back and to log (it never holds the secret or the signature).
     */
    record Rejected(int status, String reason) implements WebhookOutcome {
    }
}
