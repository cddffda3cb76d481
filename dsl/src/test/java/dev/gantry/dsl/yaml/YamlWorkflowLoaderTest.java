package dev.gantry.dsl.yaml;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Packages;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Trigger;
import dev.gantry.engine.model.TriggerType;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What the loader makes of the spellings real files use, where it puts things, and how it fails. */
class YamlWorkflowLoaderTest {
    private final YamlWorkflowLoader loader = new YamlWorkflowLoader();

    private static final String BUILD = """
              Build:
                Identifier: aws/build@v1
                Configuration:
                  Steps:
                    - Run: make
            """;

    private LoadedWorkflow parse(String yaml) {
        return loader.parse(yaml, "w.yaml");
    }

    private static List<String> formatted(LoadedWorkflow loaded) {
        return loaded.diagnostics().stream().map(Diagnostic::format).toList();
    }

    private static String at(SourcePosition p) {
        return p.line() + ":" + p.column();
    }

    // ---- spellings the service takes ------------------------------------------------------------------------

    @Test
    void acceptsTriggerTypesAndEventsInAnyCaseAndTheManualType() {
        LoadedWorkflow loaded = parse("""
                Name: Spellings
                SchemaVersion: 1.0
                Triggers:
                  - Type: Push
                    Branches: [main]
                  - Type: PullRequest
                    Events: [ open, revision, Closed ]
                  - Type: MANUAL
                  - Type: schedule
                    Expression: "0 9 ? * MON-FRI *"
                Actions:
                """ + BUILD);
        assertThat(formatted(loaded)).isEmpty();
        Workflow w = loaded.workflow();
        assertThat(w.schemaVersion()).isEqualTo("1.0");
        assertThat(w.triggers()).extracting(Trigger::type).containsExactly(TriggerType.PUSH, TriggerType.PULLREQUEST,
                TriggerType.MANUAL, TriggerType.SCHEDULE);
        assertThat(w.triggers().get(1).events()).containsExactly("OPEN", "REVISION", "CLOSED");
        assertThat(w.triggers().get(3).expression()).isEqualTo("0 9 ? * MON-FRI *");
    }

    @Test
    void acceptsComputeTypesInAnyCaseAndSharedInstanceAsBooleanOrText() {
        for (String shared : List.of("true", "TRUE", "\"TRUE\"", "yes")) {
            LoadedWorkflow loaded = parse("""
                    Name: Compute
                    SchemaVersion: "1.0"
                    Compute:
                      Type: Ec2
                      SharedInstance: %s
                    Actions:
                    """.formatted(shared) + BUILD);
            assertThat(formatted(loaded)).as(shared).isEmpty();
            assertThat(loaded.workflow().compute().sharedInstance()).as(shared).isTrue();
            assertThat(loaded.workflow().compute().type()).isEqualTo(ComputeType.EC2);
        }
        for (String lambda : List.of("Lambda", "LAMBDA", "lambda")) {
            LoadedWorkflow loaded = parse("""
                    Name: Compute
                    SchemaVersion: "1.0"
                    Actions:
                      Build:
                        Identifier: aws/build@v1
                        Compute: {Type: %s, Fleet: Linux.Arm64.Large}
                        Configuration: {Steps: [{Run: make}]}
                    """.formatted(lambda));
            assertThat(formatted(loaded)).isEmpty();
            Action build = loaded.workflow().action("Build").orElseThrow();
            assertThat(build.compute().type()).isEqualTo(ComputeType.LAMBDA);
            assertThat(build.compute().fleet()).isEqualTo("Linux.Arm64.Large");
        }
    }

    @Test
    void readsBothSpellingsOfVariablesAndArtifactsIntoOneModelWithIndexPaths() {
        LoadedWorkflow loaded = parse("""
                Name: Forms
                SchemaVersion: "1.0"
                Actions:
                  Build:
                    Identifier: aws/build@v1
                    Inputs:
                      Variables:
                        REGION: us-west-2
                        TAG: ${WorkflowSource.CommitId}
                    Outputs:
                      Variables:
                        - IMAGE
                        - Name: DIGEST
                      Artifacts:
                        site:
                          Files: ["dist/**/*"]
                    Configuration:
                      Steps:
                        - Run: make
                """);
        assertThat(formatted(loaded)).isEmpty();
        Action build = loaded.workflow().action("Build").orElseThrow();
        assertThat(build.inputs().variables()).containsExactly(new Variable("REGION", "us-west-2"),
                new Variable("TAG", "${WorkflowSource.CommitId}"));
        assertThat(build.outputs().variables()).containsExactly("IMAGE", "DIGEST");
        assertThat(build.outputs().artifacts()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("site");
            assertThat(a.files()).containsExactly("dist/**/*");
        });
        SourceMap map = loaded.sourceMap();
        assertThat(at(map.keyOf("/Actions/Build/Inputs/Variables/1/Name"))).isEqualTo("9:9");
        assertThat(at(map.valueOf("/Actions/Build/Inputs/Variables/1/Value"))).isEqualTo("9:14");
        assertThat(at(map.positionInText("/Actions/Build/Inputs/Variables/1/Value", 2))).isEqualTo("9:16");
        assertThat(at(map.valueOf("/Actions/Build/Outputs/Variables/1"))).isEqualTo("13:17");
        assertThat(at(map.keyOf("/Actions/Build/Outputs/Artifacts/0/Name"))).isEqualTo("15:9");
        assertThat(at(map.valueOf("/Actions/Build/Outputs/Artifacts/0/Files/0"))).isEqualTo("16:19");
    }

    @Test
    void acceptsPackagesUnderConfigurationOrOnTheActionAndKeepsThemAtOnePath() {
        LoadedWorkflow loaded = parse("""
                Name: Packages
                SchemaVersion: "1.0"
                Actions:
                  OnAction:
                    Identifier: aws/build@v1
                    Packages:
                      ExportAuthorizationToken: true
                    Configuration:
                      Steps:
                        - Run: npm ci
                  UnderConfiguration:
                    Identifier: aws/managed-test@v1
                    Configuration:
                      Steps:
                        - Run: npm test
                      Packages:
                        NpmConfiguration:
                          PackageRegistries:
                            - PackagesRepository: main-repo
                              Scopes: ["@scope"]
                """);
        assertThat(formatted(loaded)).isEmpty();
        Action onAction = loaded.workflow().action("OnAction").orElseThrow();
        assertThat(onAction.configuration().properties())
                .containsEntry("Packages", Map.of("ExportAuthorizationToken", true));
        assertThat(at(loaded.sourceMap().valueOf("/Actions/OnAction/Configuration/Packages/ExportAuthorizationToken")))
                .isEqualTo("7:33");
        Action under = loaded.workflow().action("UnderConfiguration").orElseThrow();
        assertThat(under.configuration().properties().get("Packages")).isEqualTo(Map.of("NpmConfiguration",
                Map.of("PackageRegistries", List.of(Map.of("PackagesRepository", "main-repo",
                        "Scopes", List.of("@scope"))))));
    }

    /** A build action whose {@code Packages:} key ends the text (line 9); what follows is its value. */
    static final String BUILD_WITH_PACKAGES = """
            Name: Packages
            SchemaVersion: "1.0"
            Actions:
              Build:
                Identifier: aws/build@v1
                Configuration:
                  Steps:
                    - Run: npm ci
                Packages:
            """;

    @Test
    void packagesHaveATypedViewWithTheServicesLastOneWinsRules() {
        LoadedWorkflow loaded = parse(BUILD_WITH_PACKAGES + """
                      ExportAuthorizationToken: true
                      NpmConfiguration:
                        PackageRegistries:
                          - PackagesRepository: first-default
                          - PackagesRepository: scoped-a
                            Scopes: ["@one", "@two"]
                          - PackagesRepository: last-default
                          - PackagesRepository: scoped-b
                            Scopes: ["@two"]
                """);
        assertThat(formatted(loaded)).isEmpty();
        Packages p = Packages.of(loaded.workflow().action("Build").orElseThrow().configuration()).orElseThrow();
        assertThat(p.exportAuthorizationToken()).isTrue();
        assertThat(p.npmRegistries()).extracting(Packages.NpmRegistry::repository)
                .containsExactly("first-default", "scoped-a", "last-default", "scoped-b");
        assertThat(p.defaultRepository()).contains("last-default");
        assertThat(p.scopedRepositories()).containsExactly(Map.entry("@one", "scoped-a"), Map.entry("@two", "scoped-b"));
        assertThat(Packages.of(dev.gantry.engine.model.Configuration.NONE)).isEmpty();
    }

    @Test
    void badPackagesShapesArePositionedErrors() {
        LoadedWorkflow loaded = parse(BUILD_WITH_PACKAGES + """
                      ExportAuthorizationToken: maybe
                      NpmConfiguration:
                        PackageRegistries:
                          - PackagesRepository: "-bad"
                            Scopes: [scope-without-at]
                          - Scopes: ["@x"]
                          - just-a-string
                """);
        assertThat(formatted(loaded)).containsExactly(
                "w.yaml:10:33: error: ExportAuthorizationToken must be true or false, not text [type]",
                "w.yaml:13:33: error: PackagesRepository '-bad' may only contain 2 to 100 letters, digits, '.', '-' "
                        + "and '_', starting with a letter or digit, [name-pattern]",
                "w.yaml:14:22: error: scope 'scope-without-at' may only contain '@' followed by letters, digits, "
                        + "'-' and '_' [name-pattern]",
                "w.yaml:15:13: error: a package registry needs PackagesRepository [required]",
                "w.yaml:16:13: error: a package registry must be a mapping of keys to values, not text [type]");
    }

    @Test
    void keepsGenericConfigurationAsPlainValuesInFileOrderWithYaml11Scalars() {
        LoadedWorkflow loaded = parse("""
                Name: Generic
                SchemaVersion: "1.0"
                Actions:
                  Deploy:
                    Identifier: aws/cdk-deploy@v2
                    Environment: {Name: prod}
                    Configuration:
                      StackName: app-${WorkflowSource.BranchName}
                      Region: us-west-2
                      Verbose: yes
                      Retries: 0x10
                      Ratio: 1.5
                      Nothing: ~
                      Tags: {team: web, cost: 42}
                      Contexts: [a, b]
                """);
        assertThat(formatted(loaded)).isEmpty();
        Map<String, Object> p = loaded.workflow().action("Deploy").orElseThrow().configuration().properties();
        assertThat(p.keySet()).containsExactly("StackName", "Region", "Verbose", "Retries", "Ratio", "Nothing", "Tags",
                "Contexts");
        assertThat(p.get("StackName")).isEqualTo("app-${WorkflowSource.BranchName}");
        assertThat(p.get("Verbose")).isEqualTo(true);
        assertThat(p.get("Retries")).isEqualTo(16);
        assertThat(p.get("Ratio")).isEqualTo(1.5);
        assertThat(p.get("Nothing")).isNull();
        assertThat(p.get("Tags")).isEqualTo(Map.of("team", "web", "cost", 42));
        assertThat(p.get("Contexts")).isEqualTo(List.of("a", "b"));
        assertThat(at(loaded.sourceMap().valueOf("/Actions/Deploy/Configuration/Tags/cost"))).isEqualTo("14:31");
    }

    @Test
    void keepsGitHubStepsAsPlainValuesAndChecksTheirKeys() {
        LoadedWorkflow loaded = parse("""
                Name: GitHub
                SchemaVersion: "1.0"
                Actions:
                  Lint:
                    Identifier: aws/github-actions-runner@v1
                    Compute: {Fleet: Linux.x86-64.Large}
                    Configuration:
                      Steps:
                        - uses: actions/setup-node@v4
                          with: {node-version: 20}
                        - run: npm run lint
                          Shell: bash
                """);
        assertThat(formatted(loaded)).containsExactly(
                "w.yaml:12:11: error: unknown key 'Shell' in a GitHub step (did you mean 'shell'?) [unknown-key]");
        Action lint = loaded.workflow().action("Lint").orElseThrow();
        assertThat(lint.configuration().steps()).isEmpty();
        assertThat(lint.configuration().properties().get("Steps")).asList().hasSize(2);
        assertThat(lint.compute().type()).isEqualTo(ComputeType.EC2);
    }

    // ---- groups and positions --------------------------------------------------------------------------------

    @Test
    void readsGroupsAndRecordsEveryNodeAtItsModelPath() {
        LoadedWorkflow loaded = parse("""
                Name: Groups
                SchemaVersion: "1.0"
                Actions:
                  Build:
                    Identifier: aws/build@v1
                    Configuration:
                      Steps:
                        - Run: make
                  Checks:
                    DependsOn: [Build]
                    Actions:
                      Unit:
                        Identifier: aws/managed-test@v1
                        Configuration:
                          Steps:
                            - Run: make test
                            - Run: >-
                                make
                                integration
                """);
        assertThat(formatted(loaded)).isEmpty();
        ActionGroup checks = (ActionGroup) loaded.workflow().node("Checks").orElseThrow();
        assertThat(checks.dependsOn()).containsExactly("Build");
        assertThat(checks.actions()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("Checks.Unit");
            assertThat(a.configuration().steps().get(1).run()).isEqualTo("make integration");
        });
        SourceMap map = loaded.sourceMap();
        assertThat(at(map.keyOf("/Name"))).isEqualTo("1:1");
        assertThat(at(map.valueOf("/Name"))).isEqualTo("1:7");
        assertThat(at(map.keyOf("/Actions/Checks"))).isEqualTo("9:3");
        assertThat(at(map.valueOf("/Actions/Checks/DependsOn/0"))).isEqualTo("10:17");
        assertThat(at(map.keyOf("/Actions/Checks/Actions/Unit/Configuration/Steps/1/Run"))).isEqualTo("17:15");
        assertThat(at(map.valueOf("/Actions/Checks/Actions/Unit/Configuration/Steps/1/Run"))).isEqualTo("17:20");
        assertThat(map.has("/Actions/Checks/Actions/Unit/Identifier")).isTrue();
        assertThat(map.has("/Actions/Checks/Actions/Unit/Timeout")).isFalse();
    }

    @Test
    void modelIndexesStayAlignedWithTheFileWhenInvalidItemsAreDropped() {
        LoadedWorkflow loaded = parse("""
                Name: Dropped
                SchemaVersion: "1.0"
                Triggers:
                  - Type: NIGHTLY
                  - Type: PUSH
                Actions:
                  Build:
                    Identifier: aws/build@v1
                    DependsOn: [[nested], Setup]
                    Configuration:
                      Steps:
                        - Run: make
                  Setup:
                    Identifier: aws/build@v1
                    Configuration:
                      Steps:
                        - Run: make
                """);
        assertThat(loaded.workflow().triggers()).extracting(Trigger::type).containsExactly(TriggerType.PUSH);
        assertThat(at(loaded.sourceMap().valueOf("/Triggers/0/Type"))).isEqualTo("5:11");
        assertThat(loaded.workflow().action("Build").orElseThrow().dependsOn()).containsExactly("Setup");
        assertThat(at(loaded.sourceMap().valueOf("/Actions/Build/DependsOn/0"))).isEqualTo("9:27");
    }

    @Test
    void mergeKeysApplyAndExplicitKeysWin() {
        LoadedWorkflow loaded = parse("""
                Name: Merge
                SchemaVersion: "1.0"
                Actions:
                  Build: &base
                    Identifier: aws/build@v1
                    Timeout: 30
                    Configuration:
                      Steps:
                        - Run: make
                  Again:
                    <<: *base
                    Timeout: 60
                """);
        assertThat(formatted(loaded)).isEmpty();
        Action again = loaded.workflow().action("Again").orElseThrow();
        assertThat(again.identifier()).isEqualTo("aws/build@v1");
        assertThat(again.timeoutMinutes()).isEqualTo(60);
        assertThat(again.configuration().steps()).hasSize(1);
    }

    // ---- how it fails ----------------------------------------------------------------------------------------

    @Test
    void rejectsTheBillionLaughsInMilliseconds() throws Exception {
        Path bomb = Path.of(getClass().getResource("/yaml/rules/yaml-aliases-billion-laughs.yaml").toURI());
        Path doubling = Path.of(getClass().getResource("/yaml/rules/yaml-aliases-doubling.yaml").toURI());
        loader.load(bomb, "warm-up.yaml");
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
            assertThat(loader.load(bomb, "bomb.yaml").diagnostics()).extracting(Diagnostic::rule)
                    .containsExactly("yaml-aliases");
            assertThat(loader.load(doubling, "doubling.yaml").diagnostics()).extracting(Diagnostic::rule)
                    .containsExactly("yaml-aliases");
        });
    }

    @Test
    void rejectsFilesOverTheServiceSizeLimitWithoutParsingThem(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        String line = "# " + "x".repeat(1020) + "\n";
        Files.writeString(big, "Name: Big\n" + line.repeat(257));
        LoadedWorkflow loaded = loader.load(big, "big.yaml");
        assertThat(loaded.workflow()).isNull();
        assertThat(formatted(loaded)).containsExactly(
                "big.yaml: error: the file is 257 KB; CodeCatalyst ignores workflow files over 256 KB [file-size]");
        Path fits = dir.resolve("fits.yaml");
        Files.writeString(fits, "Name: Fits\nSchemaVersion: '1.0'\nActions:\n" + BUILD + line.repeat(200));
        assertThat(formatted(loader.load(fits, "fits.yaml"))).isEmpty();
    }

    @Test
    void reportsQuotasThatNeedLongFiles() {
        String steps = "        - Run: echo\n".repeat(257);
        assertThat(formatted(parse("Name: Steps\nSchemaVersion: '1.0'\nActions:\n  Build:\n"
                + "    Identifier: aws/build@v1\n    Configuration:\n      Steps:\n" + steps))).containsExactly(
                "w.yaml:7:7: error: too many steps in one action: 257; at most 256 are allowed [limit]");
    }

    @Test
    void reportsBytesThatAreNotUtf8WhereTheyAre(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "Name: Caf\u00e9\nSchemaVersion: '1.0'\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(formatted(loader.load(latin1, "latin1.yaml"))).containsExactly(
                "latin1.yaml:1:10: error: the file is not valid UTF-8 (byte 0xE9); save it as UTF-8 [encoding]");
    }

    @Test
    void reportsAMissingFileAsADiagnostic(@TempDir Path dir) {
        LoadedWorkflow loaded = loader.load(dir.resolve("nope.yaml"), "nope.yaml");
        assertThat(formatted(loaded)).containsExactly("nope.yaml: error: no such file [file-read]");
    }

    @Test
    void neverThrowsOnGarbage() {
        for (String garbage : List.of("", "---", ":", "[", "{a: [}", "\"unclosed", "? [a]\n: b", "!!binary x",
                "Name: [", "Actions:\n  - a\n  - b", "Actions: {A: 1}", "a: *unknown", "%YAML 1.1\n---\nx: 1",
                "Name: x\nActions:\n  A: {Identifier: [x]}\n", "\u0000")) {
            LoadedWorkflow loaded = parse(garbage);
            assertThat(loaded.hasErrors()).as(garbage).isTrue();
        }
    }
}
