package dev.gantry.cli.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.gantry.cli.run.RunTestSupport.repo;
import static dev.gantry.cli.run.RunTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code gantry run --skip-action} for actions Gantry cannot run, and {@code --approve} for approval gates. */
class SkipAndApproveRunTest {
    @TempDir
    Path dir;

    private static final String WITH_UNKNOWN_ACTION = """
            Name: skip
            SchemaVersion: "1.0"
            Actions:
              Build:
                Identifier: aws/build@v1
                Configuration:
                  Steps:
                    - Run: echo built
              Lint:
                Identifier: aws/cli@v1
                DependsOn: [Build]
                Configuration:
                  Command: lint
              Report:
                Identifier: aws/build@v1
                DependsOn: [Lint]
                Configuration:
                  Steps:
                    - Run: echo "report after lint"
            """;

    @Test
    void anActionGantryCannotRunIsAPlanTimeErrorUnlessLeftOut() throws Exception {
        Path wf = repo(dir, WITH_UNKNOWN_ACTION);
        RunTestSupport.Result refused = run(wf.toString());
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("error: action 'Lint' (aws/cli@v1) cannot run")
                .contains("[action-unsupported]").contains("nothing was run");

        RunTestSupport.Result r = run(wf.toString(), "--json", "--skip-action", "Lint");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.status("Build")).isEqualTo("succeeded");
        assertThat(r.status("Lint")).isEqualTo("skipped");
        assertThat(r.status("Report")).isEqualTo("succeeded");
        assertThat(r.out()).contains("not run: left out with --skip-action")
                .contains("'Lint' was left out (--skip-action): its output variables and artifacts are not "
                        + "available to this action")
                .contains("report after lint");
    }

    @Test
    void anUnknownSkipActionIsRefused() throws Exception {
        Path wf = repo(dir, WITH_UNKNOWN_ACTION);
        RunTestSupport.Result r = run(wf.toString(), "--skip-action", "Lnt");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("--skip-action Lnt: no such action or group");
    }

    @Test
    void aGateNeedsATerminalOrApprove() throws Exception {
        Path wf = repo(dir, """
                Name: gated
                SchemaVersion: "1.0"
                Actions:
                  Build:
                    Identifier: aws/build@v1
                    Configuration:
                      Steps:
                        - Run: echo built
                  Gate:
                    Identifier: aws/approval@v1
                    DependsOn: [Build]
                    Configuration: {ApprovalsRequired: 1}
                  Ship:
                    Identifier: aws/build@v1
                    DependsOn: [Gate]
                    Configuration:
                      Steps:
                        - Run: echo shipped
                """);
        // tests run without a terminal
        RunTestSupport.Result refused = run(wf.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("approval gate 'Gate' needs someone to approve it, but this run is not on "
                + "a terminal: pass --approve").contains("nothing was run");

        RunTestSupport.Result r = run(wf.toString(), "--json", "--approve");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.status("Ship")).isEqualTo("succeeded");
        assertThat(r.out()).contains("approval gate: approved by --approve").contains("shipped");
    }
}
