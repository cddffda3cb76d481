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
    void theStartScriptExportsEveryValueExactlyKeepsTheBaseEnvironmentAndRunsTheDriverThere() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work dir"));
        String nonce = BashDriver.newNonce();
        for (Map.Entry<String, String> f : BashDriver.files(tmp.toString(), List.of(
                "echo \"multi=[$MULTI] quote=[$QUOTE] base=[$BASE] pwd=[${PWD##*/}]\"; "
                        + "[ -t 0 ] && echo tty || echo no-tty; echo to-stderr >&2", "OUT=$MULTI"),
                List.of("OUT"), nonce).entrySet()) {
            Files.writeString(tmp.resolve(f.getKey()), f.getValue());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MULTI", "a\nb=c");
        env.put("QUOTE", "it's \"$HOME\" `x`");
        env.put("not.a.name", "skipped quietly");
        Files.write(tmp.resolve(ShellStart.ENVIRONMENT), ShellStart.encode(env));
        Files.writeString(tmp.resolve(ShellStart.SCRIPT), ShellStart.script(tmp.toString(), work.toString(),
                tmp.resolve("pid").toString(), "echo after"));
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc",
                tmp.resolve(ShellStart.SCRIPT).toString()).redirectErrorStream(true);
        pb.environment().put("BASE", "from-the-machine");
        Process p = pb.start();
        RecordingEvents events = new RecordingEvents();
        StepTracker tracker = new StepTracker(nonce, 2, events);
        byte[] out = p.getInputStream().readAllBytes();
        tracker.accept(out, 0, out.length);
        tracker.finish();
        int exit = p.waitFor();

        assertThat(exit).isZero();
        assertThat(events.lines()).containsExactly("multi=[a", "b=c] quote=[it's \"$HOME\" `x`] "
                + "base=[from-the-machine] pwd=[work dir]", "no-tty", "to-stderr", "after");
        assertThat(OutputVariables.parse(Files.readAllBytes(tmp.resolve(BashDriver.OUTPUTS))))
                .containsEntry("OUT", "a\nb=c");
        assertThat(Files.readString(tmp.resolve("pid")).strip()).isEqualTo(Long.toString(p.pid()));
    }

    @Test
    void theDriversStatusIsTheScriptsEvenWithCommandsAfterIt() throws Exception {
        String nonce = BashDriver.newNonce();
        for (Map.Entry<String, String> f : BashDriver.files(tmp.toString(), List.of("exit 9"), List.of(), nonce)
                .entrySet()) {
            Files.writeString(tmp.resolve(f.getKey()), f.getValue());
        }
        Files.write(tmp.resolve(ShellStart.ENVIRONMENT), new byte[0]);
        Files.writeString(tmp.resolve(ShellStart.SCRIPT), ShellStart.script(tmp.toString(), tmp.toString(), null,
                "true"));
        Process p = new ProcessBuilder("bash", tmp.resolve(ShellStart.SCRIPT).toString()).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isEqualTo(9);
    }
}
