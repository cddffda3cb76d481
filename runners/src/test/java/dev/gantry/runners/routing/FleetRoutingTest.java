package dev.gantry.runners.routing;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.plan.ActionGraph;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.PlanProblem;
import dev.gantry.engine.run.ReferenceValues;
import dev.gantry.engine.run.RunPlan;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.WorkflowSource;
import dev.gantry.runners.docker.DockerEngine;
import dev.gantry.runners.docker.DockerProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing by fleet over real {@code binfmt_misc}-shaped files in a temporary folder (the kernel's own registry is
 * read-only) and a Docker probe the test controls (the real one is exercised by the container runner's tests).
 */
class FleetRoutingTest {
    static final String AARCH64_MAGIC = "7f454c460201010000000000000000000200b700";

    @TempDir
    Path tmp;

    final AtomicInteger probes = new AtomicInteger();
    DockerEngine engine = DockerEngine.reachable(null, Optional.of(Architecture.AMD64), "20.10.24");
    final DockerProbe docker = host -> {
        probes.incrementAndGet();
        return engine;
    };

    Path binfmt(String entry, String state, String flags) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("binfmt_misc"));
        Files.writeString(root.resolve("status"), "enabled\n");
        Files.writeString(root.resolve("register"), "");
        if (entry != null) {
            Files.writeString(root.resolve(entry), state + "\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n"
                    + "flags: " + flags + "\noffset 0\nmagic " + AARCH64_MAGIC
                    + "\nmask ffffffffffffff00fffffffffffffffffeffffff\n");
        }
        return root;
    }

    HostFacts amd64Host(Path binfmtRoot) {
        return new HostFacts(Architecture.AMD64, new BinfmtEmulation(binfmtRoot), docker, Map.of("PATH", "/bin"));
    }

    static Action action(String name, Compute compute) {
        return new Action(name, null, "aws/build@v1", List.of(), compute, null, null, Map.of(), Inputs.NONE,
                Outputs.NONE, Configuration.NONE);
    }

    static Compute fleet(String fleet) {
        return new Compute(ComputeType.EC2, fleet, null);
    }

    static Workflow workflow(Compute compute, Action... actions) {
        return new Workflow("w", "1.0", null, compute, List.of(), List.of(actions));
    }

    static RunnerConfig runner(String name, RunnerKind kind, Architecture arch, List<String> fleets) {
        return new RunnerConfig(name, kind, arch, fleets, List.of(), 3, null, null, null, null, null, null,
                new ConfigOrigin("gantry.yaml", new SourcePosition(4, 5)));
    }

    static GantryConfig config(RunnerConfig... runners) {
        return new GantryConfig(Map.of(), null, List.of(runners), null);
    }

    static List<String> names(List<Runner> runners) {
        return runners.stream().map(Runner::name).toList();
    }

    @Test
    void withNoConfigurationOnDemandFleetsGoToTheLocalRunnerOrTheEmulatedOneOfTheirArchitecture() throws Exception {
        RunnerPool pool = RunnerPool.of(GantryConfig.EMPTY, amd64Host(binfmt("qemu-aarch64", "enabled", "PF")), 2);
        Action amd = action("Amd", fleet("Linux.x86-64.XLarge"));
        Action arm = action("Arm", fleet("Linux.Arm64.Large"));
        Action dflt = action("Default", null);
        FleetRouting routing = new FleetRouting(workflow(null, amd, arm, dflt), pool);

        assertThat(names(routing.candidates(amd))).containsExactly("local");
        assertThat(names(routing.candidates(dflt))).containsExactly("local");
        assertThat(names(routing.candidates(arm))).containsExactly("arm64 (emulated)");
        PooledRunner emulated = pool.runners().get(1);
        assertThat(emulated.emulated()).isTrue();
        assertThat(emulated.runner().labels().architecture()).isEqualTo("arm64");
        assertThat(emulated.health().summary()).contains("qemu-aarch64 registered in binfmt_misc");
        assertThat(probes.get()).as("the engine is asked once per pool").isEqualTo(1);
    }

    @Test
    void theWorkflowsComputeAppliesToEveryActionAndLambdaRoutesLikeEc2() throws Exception {
        RunnerPool pool = RunnerPool.of(GantryConfig.EMPTY, amd64Host(binfmt("qemu-aarch64", "enabled", "F")), 2);
        Action a = action("A", null);
        FleetRouting routing = new FleetRouting(workflow(new Compute(ComputeType.LAMBDA, "Linux.Arm64.Large", null),
                a), pool);
        assertThat(routing.fleetOf(a)).isEqualTo("Linux.Arm64.Large");
        assertThat(names(routing.candidates(a))).containsExactly("arm64 (emulated)");
    }

    @Test
    void theHostsOwnArchitectureIsNeverCheckedForEmulation() throws Exception {
        engine = DockerEngine.unreachable(null, "no Docker engine answers: connection refused");
        RunnerPool pool = RunnerPool.of(GantryConfig.EMPTY, amd64Host(binfmt(null, null, null)), 2);
        Action a = action("A", fleet("Linux.x86-64.Large"));
        assertThat(names(new FleetRouting(workflow(null, a), pool).candidates(a))).containsExactly("local");
        assertThat(pool.runners().get(0).health().usable()).isTrue();
    }

    @Test
    void withoutAnEmulatorAnArm64ActionIsAPlanTimeErrorThatNamesTheActionItsFleetAndHowToAddARunner()
            throws Exception {
        RunnerPool pool = RunnerPool.of(GantryConfig.EMPTY, amd64Host(binfmt(null, null, null)), 2);
        Action amd = action("Amd", null);
        Action arm = action("BuildArm", fleet("Linux.Arm64.Large"));
        PlanProblem p = onlyProblem(workflow(null, amd, arm), pool);

        assertThat(p.actionId()).isEqualTo("BuildArm");
        assertThat(p.rule()).isEqualTo("runner-none");
        assertThat(p.message())
                .startsWith("action 'BuildArm' runs on fleet Linux.Arm64.Large (arm64), and no runner that serves "
                        + "it can run here: runner 'arm64 (emulated)' (local, arm64, emulated): emulation: no "
                        + "qemu-aarch64 emulator is registered in " + tmp.resolve("binfmt_misc")
                        + " (apt-get install qemu-user-static binfmt-support)")
                .contains("runners: [{name: local, kind: local}, {name: graviton, kind: ssh, host: HOST, user: "
                        + "USER, architecture: arm64}]")
                .endsWith("see docs/runners.md");
    }

    @Test
    void anEmulatorThatIsDisabledOrLacksTheFixBinaryFlagDoesNotCount() throws Exception {
        RunnerPool disabled = RunnerPool.of(GantryConfig.EMPTY,
                amd64Host(binfmt("qemu-aarch64", "disabled", "PF")), 2);
        Action arm = action("Arm", fleet("Linux.Arm64.Large"));
        assertThat(onlyProblem(workflow(null, arm), disabled).message())
                .contains("qemu-aarch64 is registered but disabled");

        Files.delete(tmp.resolve("binfmt_misc").resolve("qemu-aarch64"));
        RunnerPool noF = RunnerPool.of(GantryConfig.EMPTY, amd64Host(binfmt("arm64-by-magic", "enabled", "P")), 2);
        assertThat(onlyProblem(workflow(null, arm), noF).message())
                .contains("arm64-by-magic is registered without the F (fix-binary) flag");
    }

    @Test
    void anEmulatorIsFoundByItsMagicWhateverItsName() throws Exception {
        BinfmtEmulation b = new BinfmtEmulation(binfmt("aarch64", "enabled", "OCF"));
        assertThat(b.check(Architecture.ARM64).entry()).contains("aarch64");
        assertThat(b.check(Architecture.AMD64).ok()).isFalse();
        assertThat(b.check(Architecture.AMD64).problem()).contains("no qemu-x86_64 emulator is registered");
        assertThat(new BinfmtEmulation(tmp.resolve("absent")).check(Architecture.ARM64).problem())
                .contains("binfmt_misc is not mounted");
    }

    @Test
    void withoutADockerEngineTheEmulatedRunnerCannotRun() throws Exception {
        engine = DockerEngine.unreachable(null, "no Docker engine answers: Cannot connect to the Docker daemon");
        RunnerPool pool = RunnerPool.of(GantryConfig.EMPTY, amd64Host(binfmt("qemu-aarch64", "enabled", "PF")), 2);
        Action arm = action("Arm", fleet("Linux.Arm64.Large"));
        assertThat(onlyProblem(workflow(null, arm), pool).message())
                .contains("runner 'arm64 (emulated)' (local, arm64, emulated): docker: no Docker engine answers: "
                        + "Cannot connect to the Docker daemon");
    }

    @Test
    void anEngineOfTheRunnersArchitectureNeedsNoEmulator() throws Exception {
        engine = DockerEngine.reachable("ssh://ci@graviton", Optional.of(Architecture.ARM64), "27.0");
        RunnerConfig arm = new RunnerConfig("arm", RunnerKind.LOCAL, Architecture.ARM64, List.of(), List.of(), 1,
                null, null, null, null, null, "ssh://ci@graviton", ConfigOrigin.COMMAND_LINE);
        RunnerPool pool = RunnerPool.of(config(arm), amd64Host(binfmt(null, null, null)), 2);
        Action a = action("A", fleet("Linux.Arm64.XLarge"));
        assertThat(names(new FleetRouting(workflow(null, a), pool).candidates(a))).containsExactly("arm");
        assertThat(pool.runners().get(0).emulated()).isFalse();
        assertThat(pool.runners().get(0).health().summary()).contains("none needed");
    }

    @Test
    void aProvisionedFleetGoesOnlyToARunnerThatListsIt() throws Exception {
        RunnerPool pool = RunnerPool.of(config(
                runner("general", RunnerKind.LOCAL, Architecture.AMD64, List.of()),
                runner("big", RunnerKind.LOCAL, Architecture.AMD64, List.of("my-fleet", "Linux.x86-64.Large"))),
                amd64Host(binfmt(null, null, null)), 2);
        Action mine = action("Mine", fleet("my-fleet"));
        Action large = action("Large", fleet("Linux.x86-64.Large"));
        Action xl = action("XL", fleet("Linux.x86-64.XLarge"));
        FleetRouting routing = new FleetRouting(workflow(null, mine, large, xl), pool);

        assertThat(names(routing.candidates(mine))).containsExactly("big");
        assertThat(names(routing.candidates(large))).as("listing runners first").containsExactly("big", "general");
        assertThat(names(routing.candidates(xl))).containsExactly("general");
        assertThat(pool.runners().get(1).runner().capacity()).isEqualTo(3);
    }

    @Test
    void anUnservedProvisionedFleetIsAPlanErrorWithASnippet() throws Exception {
        RunnerPool pool = RunnerPool.of(config(runner("general", RunnerKind.LOCAL, Architecture.AMD64, List.of())),
                amd64Host(binfmt(null, null, null)), 2);
        PlanProblem p = onlyProblem(workflow(null, action("Deploy", fleet("prod-fleet"))), pool);
        assertThat(p.message()).isEqualTo("action 'Deploy' runs on fleet prod-fleet, which is not an on-demand "
                + "fleet, so it must be a provisioned fleet served by a configured runner that lists it in its "
                + "fleets, and none does (runners: general (local, amd64)); add one to gantry.yaml, e.g. runners: "
                + "[{name: prod-fleet, kind: local, fleets: [prod-fleet]}]; see docs/runners.md");
    }

    @Test
    void withDefaultRunnersTheSnippetKeepsTheLocalRunner() throws Exception {
        RunnerPool pool = RunnerPool.of(GantryConfig.EMPTY, amd64Host(binfmt(null, null, null)), 2);
        assertThat(onlyProblem(workflow(fleet("gpu fleet"), action("A", null)), pool).message())
                .contains("runners: [{name: local, kind: local}, {name: 'gpu fleet', kind: local, fleets: "
                        + "['gpu fleet']}]");
    }

    @Test
    void windowsFleetsNeedARunnerThatListsThem() throws Exception {
        RunnerPool pool = RunnerPool.of(GantryConfig.EMPTY, amd64Host(binfmt(null, null, null)), 2);
        assertThat(onlyProblem(workflow(null, action("Win", fleet("Windows.x86-64.XLarge"))), pool).message())
                .contains("a Windows fleet; Gantry runs steps with bash");
    }

    @Test
    void aRunnerListingAnOnDemandFleetOfTheOtherArchitectureIsAConfigurationError() {
        RunnerPool pool = RunnerPool.of(config(runner("x", RunnerKind.LOCAL, Architecture.AMD64,
                List.of("Linux.Arm64.Large", "Linux.x86-64.Large"))), amd64Host(tmp), 2);
        assertThat(pool.problems()).extracting(RunnerPool.ConfigProblem::format).containsExactly(
                "gantry.yaml:4:5: error: runner 'x' is amd64 but lists fleet Linux.Arm64.Large, an arm64 fleet: "
                        + "remove it from fleets, or change the runner's architecture [runner-fleet-architecture]");
        RunnerPool implicit = RunnerPool.of(config(runner("y", RunnerKind.LOCAL, null, List.of("Linux.Arm64.Large"))),
                amd64Host(tmp), 2);
        assertThat(implicit.problems()).extracting(RunnerPool.ConfigProblem::message).containsExactly(
                "runner 'y' is amd64 (this machine's architecture) but lists fleet Linux.Arm64.Large, an arm64 fleet: "
                        + "remove it from fleets, or set the runner's architecture");
    }

    @Test
    void healthIsCheckedOnlyForRunnersAnActionNeeds() throws Exception {
        RunnerPool pool = RunnerPool.of(GantryConfig.EMPTY, amd64Host(binfmt("qemu-aarch64", "enabled", "PF")), 2);
        Action a = action("A", null);
        new FleetRouting(workflow(null, a), pool).candidates(a);
        assertThat(pool.runners().get(1).checked()).isFalse();
        assertThat(probes.get()).isZero();
    }

    private PlanProblem onlyProblem(Workflow w, RunnerPool pool) {
        RunPlan.Outcome o = RunPlan.of(ActionGraph.of(w), List.of(), a -> new ActionWork.RunSteps(List.of("true")),
                new FleetRouting(w, pool),
                new ReferenceValues(new WorkflowSource(tmp, "0", "main"), Map.of(), ActionGraph.of(w).actions()));
        assertThat(o.problems()).hasSize(1);
        return o.problems().get(0);
    }
}
