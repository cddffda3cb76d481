package dev.gantry.web;

import dev.gantry.server.front.ServerFront;
import dev.gantry.server.front.ServerServices;
import dev.gantry.web.auth.Sessions;
import dev.gantry.web.auth.SignInPage;
import dev.gantry.web.dag.DagLayout;
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
        RunGraphs graphs = new RunGraphs(catalog, new DagLayout());
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
}
