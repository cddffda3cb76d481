package dev.gantry.web;

import dev.gantry.server.front.ServerFront;
import dev.gantry.server.front.ServerServices;
import dev.gantry.web.auth.Sessions;
import dev.gantry.web.auth.SignInPage;
import dev.gantry.web.dag.DagLayout;
import dev.gantry.web.dag.RunGraph;
import dev.gantry.web.http.PageRoute;
import dev.gantry.web.http.StaticFiles;
import dev.gantry.web.http.WebHandler;
import dev.gantry.web.page.Layout;
import dev.gantry.web.run.ActionPage;
import dev.gantry.web.run.RunGraphs;
import dev.gantry.web.run.RunPage;
import dev.gantry.web.runner.RunnersPage;
import dev.gantry.web.workflow.HomePage;
import dev.gantry.web.workflow.WorkflowCatalog;
import dev.gantry.web.workflow.WorkflowPage;
import org.eclipse.jetty.server.Handler;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The web pages of {@code gantry serve}, plugged into the server's HTTP server (found with
 * {@link java.util.ServiceLoader}): wires every page to the services the API uses.
 */
public final class WebFront implements ServerFront {
    @Override
    public Handler handler(ServerServices s) {
        Layout layout = new Layout();
        Sessions sessions = new Sessions(s.tokens(), new SecureRandom());
        WorkflowCatalog catalog = new WorkflowCatalog(s.repositories(), s.dispatch());
        DagLayout layoutEngine = new DagLayout();
        warmUp(layoutEngine);
        RunGraphs graphs = new RunGraphs(catalog, layoutEngine);
        List<PageRoute> routes = new ArrayList<>();
        routes.addAll(new StaticFiles().routes());
        routes.addAll(new SignInPage(sessions, layout, s.clock()).routes());
        routes.addAll(new HomePage(s.history(), catalog, layout).routes());
        routes.addAll(new WorkflowPage(s.history(), catalog, s.runs(), layout).routes());
        routes.addAll(new RunPage(s.history(), s.runs(), graphs, s.runners(), layout, s.clock()).routes());
        routes.addAll(new ActionPage(s.history(), s.runs(), s.files(), layout, s.clock()).routes());
        routes.addAll(new RunnersPage(s.history(), s.runners(), layout).routes());
        return new WebHandler(routes, sessions, s.anonymousRead(), layout, s.clock(), s.log()::log);
    }

    /**
     * Lays out a made-up graph once in the background at start-up, so the first person to open a run page does not
     * wait for the layout kernel's classes to load and warm up (seconds on a busy machine).
     */
    private static void warmUp(DagLayout layout) {
        Thread t = new Thread(() -> {
            List<String> ids = new ArrayList<>();
            List<RunGraph.Edge> edges = new ArrayList<>();
            Map<String, String> groups = new java.util.HashMap<>();
            for (int i = 0; i < 60; i++) {
                ids.add("g" + (i / 10) + ".a" + i);
                groups.put("g" + (i / 10) + ".a" + i, "g" + (i / 10));
                if (i >= 10) {
                    edges.add(new RunGraph.Edge("g" + (i / 10 - 1) + ".a" + (i - 10), "g" + (i / 10) + ".a" + i,
                            java.util.Set.of("depends-on")));
                }
            }
            for (int round = 0; round < 3; round++) {
                layout.layout(new RunGraph(ids, groups, edges));
            }
        }, "gantry-web-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
