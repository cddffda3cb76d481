package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.Trigger;

/**
 * A trigger made by {@code push(...)}, {@code pullRequest(...)}, {@code schedule(...)} or {@code manual()}, to pass
 * to {@code trigger}.
 */
public final class TriggerSpec {
    private final Trigger trigger;
    private final CallSite site;
    private final String keyword;

    TriggerSpec(Trigger trigger, CallSite site, String keyword) {
        this.trigger = trigger;
        this.site = site;
        this.keyword = keyword;
    }

    Trigger trigger() {
        return trigger;
    }

    CallSite site() {
        return site;
    }

    String keyword() {
        return keyword;
    }
}
