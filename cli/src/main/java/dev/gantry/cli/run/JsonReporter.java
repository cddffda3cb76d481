package dev.gantry.cli.run;

import dev.gantry.cli.ExitCode;
import dev.gantry.service.records.EventJson;
import dev.gantry.service.records.Json;
import dev.gantry.engine.run.RunEvent;
import dev.gantry.engine.run.RunListener;

import java.io.PrintWriter;
import java.util.Map;

/**
 * {@code --json}: one JSON object per line for each event. Every object has {@code type} and {@code time}; types:
 * {@code run.started}, {@code action.started}, {@code step.started}, {@code log}, {@code step.finished},
 * {@code action.finished}, {@code run.finished}. Secrets are already masked.
 */
public final class JsonReporter implements RunListener {
    private final PrintWriter out;

    public JsonReporter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onEvent(RunEvent event) {
        Map<String, Object> m = EventJson.toMap(event);
        if (event instanceof RunEvent.RunFinished f) {
            m.put("exitCode", ExitCode.of(f.report().status()).code());
        }
        out.println(Json.write(m));
        out.flush();
    }

}
