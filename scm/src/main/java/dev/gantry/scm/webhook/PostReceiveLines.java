package dev.gantry.scm.webhook;

import dev.gantry.engine.trigger.ChangedFiles;
import dev.gantry.engine.trigger.PushEvent;
import dev.gantry.engine.trigger.TriggerEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The generic endpoint's body: what git gives a {@code post-receive} hook on standard input, one
 * {@code OLD-COMMIT NEW-COMMIT REF} line per updated ref (all zeros for a created or deleted ref), sent as is. One
 * push event per branch line; tags and other refs are skipped. {@code X-Gantry-Repository} may name the repository
 * (the endpoint's path usually does).
 */
final class PostReceiveLines {
    private PostReceiveLines() {
    }

    static WebhookOutcome read(WebhookRequest request) throws WebhookReader.MalformedPayload {
        String deliveryId = WebhookReader.deliveryId(request, "X-Gantry-Delivery");
        String body = new String(request.bytes(), StandardCharsets.UTF_8);
        List<TriggerEvent> events = new ArrayList<>();
        int lineNumber = 0;
        for (String line : body.split("\r?\n")) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 3) {
                throw new WebhookReader.MalformedPayload("line " + lineNumber + ": expected 'OLD NEW REF' as git "
                        + "gives a post-receive hook, got '" + PayloadFields.shorten(line) + "'");
            }
            String before = PayloadFields.commitOrNull(parts[0], "line " + lineNumber + ": OLD");
            String after = PayloadFields.commitOrNull(parts[1], "line " + lineNumber + ": NEW");
            Optional<String> branch = PayloadFields.branch(parts[2]);
            if (branch.isPresent() && (before != null || after != null)) {
                events.add(new PushEvent(branch.get(), before, after, false, ChangedFiles.unknown()));
            }
        }
        if (events.isEmpty()) {
            return new WebhookOutcome.Ignored(WebhookProvider.GENERIC, deliveryId, "no branch was updated");
        }
        RepositoryIdentity repository = request.header("X-Gantry-Repository")
                .map(name -> new RepositoryIdentity(name, List.of())).orElse(RepositoryIdentity.unnamed());
        return new WebhookOutcome.Accepted(WebhookProvider.GENERIC, deliveryId, repository, events);
    }
}
