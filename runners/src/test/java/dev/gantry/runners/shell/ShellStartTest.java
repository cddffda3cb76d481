package dev.gantry.runners.shell;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.Workspace;
import dev.gantry.runners.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The start script of the container and ssh runners, run here with real bash (no Docker, no SSH needed). */
class ShellStartTest {
    @TempDir
    Path tmp;

    StepsJob job(Map<String, String> env, List<Variable> own) {
        Action a = new Action("A", null, "aws/build@v1", List.of(), null, null, null, Map.of(),
                new Inputs(List.of(), List.of(), own), Outputs.NONE, Configuration.NONE);
        return new StepsJob("A", a, List.of("true"), env, Set.of("CATALYST_DEFAULT_DIR"),
                new Workspace(tmp, Map.of(), false), tmp, List.of(), tmp);
    }

    @Test
    void theEnvironmentForAnotherMachineDropsThisMachinesOwnVariablesAndMapsPaths() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/here/bin");
        env.put("HOME", "/here/home");
        env.put("TMPDIR", "/here/tmp");
        env.put("LANG", "C.UTF-8");
        env.put("CATALYST_DEFAULT_DIR", "/ws/src");
        env.put("TOKEN", "x");
        Map<String, String> there = ShellStart.environmentFor(job(env, List.of(new Variable("HOME", "/own"))),
                p -> "/remote" + p);
        assertThat(there).containsExactly(Map.entry("HOME", "/here/home"), Map.entry("LANG", "C.UTF-8"),
                Map.entry("CATALYST_DEFAULT_DIR", "/remote/ws/src"), Map.entry("TOKEN", "x"));
    }

    @Test
    void theProgramOnStdinExportsEveryValueExactlyKeepsTheBaseEnvironmentAndRunsTheStepsThere() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work dir"));
        String nonce = BashDriver.newNonce();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MULTI", "a\nb=c");
        env.put("QUOTE", "it's \"$HOME\" `x`");
        env.put("not.a.name", "skipped quietly");
        String program = BashDriver.program(tmp.toString(), work.toString(), env, List.of(
                "echo \"multi=[$MULTI] quote=[$QUOTE] base=[$BASE] pwd=[${PWD##*/}]\"; "
                        + "[ -t 0 ] && echo tty || echo no-tty; echo to-stderr >&2", "OUT=$MULTI"),
                List.of("OUT"), nonce, "cookie", false);
        ProcessBuilder pb = new ProcessBuilder(BashDriver.command("cookie")).redirectErrorStream(true);
        pb.environment().put("BASE", "from-the-machine");
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(program.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        RecordingEvents events = new RecordingEvents();
        StepTracker tracker = new StepTracker(nonce, 2, events);
        tracker.readAll(p.getInputStream());
        int exit = p.waitFor();

        assertThat(exit).isZero();
        assertThat(events.lines()).containsExactly("multi=[a", "b=c] quote=[it's \"$HOME\" `x`] "
                + "base=[from-the-machine] pwd=[work dir]", "no-tty", "to-stderr");
        assertThat(OutputVariables.parse(Files.readAllBytes(tmp.resolve(BashDriver.OUTPUTS))))
                .containsEntry("OUT", "a\nb=c");
        assertThat(program).doesNotContain("\0");
    }
}
