package dev.gantry.web.run;

import dev.gantry.server.history.RunRecord;

import static dev.gantry.web.page.Html.url;

/** Where the pages of a repository's workflow live ({@code /repos/{repo}/workflows/{file path}}). */
public final class WorkflowLinks {
    private WorkflowLinks() {
    }

    public static String workflow(String repository, String file) {
        return "/repos/" + url(repository) + "/workflows/" + url(file).replace("%2F", "/");
    }

    public static String workflow(RunRecord run) {
        return workflow(run.repository(), run.workflowFile());
    }
}
