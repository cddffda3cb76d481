package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.Connection;
import groovy.transform.NamedParam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code environment('Name') { ... }} block: its {@code Connections}. */
public final class EnvironmentSpec {
    private final DslContext ctx;
    private final String path;
    private final List<Connection> connections = new ArrayList<>();

    EnvironmentSpec(DslContext ctx, String path) {
        this.ctx = ctx;
        this.path = path;
    }

    /** A connection: {@code connection name: 'my-account', role: 'MyRole'} (the name may be an account id). */
    public void connection(@NamedParam("name")
                           @NamedParam("role") Map<String, ?> args) {
        CallSite site = ctx.site();
        ctx.checkNamedArgs(args, List.of("name", "role"), "connection", site);
        String p = path + "/" + connections.size();
        String name = ctx.text(args.get("name"));
        String role = ctx.text(args.get("role"));
        ctx.mark(path, site.at("connection"));
        ctx.mark(p, site.at("connection"));
        ctx.mark(p + "/Name", site.valueAt("name", name));
        ctx.mark(p + "/Role", site.valueAt("role", role));
        connections.add(new Connection(name, role));
    }

    List<Connection> connections() {
        return connections;
    }
}
