package dev.gantry.cli.run;

import dev.gantry.dsl.corpus.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.gantry.cli.run.RunTestSupport.git;
import static dev.gantry.cli.run.RunTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two ADK examples of the issue, run with {@code gantry run}. The real actions (SonarCloud's scanner,
 * CodeArtifact's publisher) need their services, so each repository here has a stand-in action with the same
 * action.yml parameters whose script reports what it was given: what is tested is what Gantry does, that is find
 * the action, check its required inputs, pass the workflow's Configuration as INPUT_ variables (a secret masked, an
 * /artifacts/... path turned into the input artifact's folder here) and collect its outputs.
 */
class AdkCorpusExamplesTest {
    @TempDir
    Path repo;

    private void action(String actionYml, String script) throws Exception {
        Files.createDirectories(repo.resolve(".codecatalyst/actions"));
        Files.createDirectories(repo.resolve("dist"));
        Files.writeString(repo.resolve(".codecatalyst/actions/action.yml"), actionYml);
        Files.writeString(repo.resolve("dist/index.js"), script);
    }

    @Test
    void sonarCloudScanCiValidationRunsTheCorpusFileUnmodified() throws Exception {
        Path file = SharedCorpus.file("SonarSource__sonarcloud-codecatalyst-action__SonarCloudScan-CI-Validation.yaml");
        Path wf = repo.resolve(".codecatalyst/workflows/ci.yaml");
        Files.createDirectories(wf.getParent());
        Files.copy(file, wf);
        action("""
                SchemaVersion: '1.0'
                Name: 'SonarCloudScanStandIn'
                Version: '1.0.0'
                Configuration:
                  SonarProjectBaseDir: {Description: base dir, Required: false, Default: '.'}
                  SonarProjectKey: {Description: project key, Required: false}
                  SonarOrganization: {Description: organization, Required: false}
                  SonarAdditionalArgs: {Description: extra arguments, Required: false}
                  SonarToken: {Description: token, Required: true}
                  SonarBranchName: {Description: branch, Required: false}
                Inputs:
                  Sources: {Required: true}
                Runs:
                  Using: 'node16'
                  Main: 'dist/index.js'
                """, """
                const e = process.env;
                console.log(`scan ${e.INPUT_SONARPROJECTKEY} of ${e.INPUT_SONARORGANIZATION} in ${e.INPUT_SONARPROJECTBASEDIR} on ${e.INPUT_SONARBRANCHNAME} with token ${e.INPUT_SONARTOKEN}`);
                console.log('::set-output name=scanned::' + e.INPUT_SONARPROJECTKEY);
                """);
        git(repo, "git init -q -b feature-scan && git add -A && git -c user.email=t@t -c user.name=t commit -qm init");
        RunTestSupport.Result r = run(wf.toString(), "--json", "--secret", "SONAR_TOKEN=sq-s3cret-value");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("scan codecatalyst of dejanmilisavljevic in . on feature-scan with token ***")
                .doesNotContain("sq-s3cret-value");
        assertThat(r.events("action.finished", "ValidateSonarCloudScan").get(0)).contains("\"scanned\":\"codecatalyst\"");

        RunTestSupport.Result noToken = run(wf.toString(), "--dry-run");
        assertThat(noToken.exitCode()).isEqualTo(3);
        assertThat(noToken.err()).contains("secret 'SONAR_TOKEN' has no value");
    }

    @Test
    void publishToCodeArtifactGetsTheBuiltPackageFromTheInputArtifact() throws Exception {
        action("""
                SchemaVersion: '1.0'
                Name: 'PublishToCodeArtifactStandIn'
                Version: '1.0.0'
                Configuration:
                  PackagePath: {Description: package file, Required: true}
                  PackageFormat: {Description: npm or pypi, Required: true}
                  RepositoryName: {Description: repository, Required: true}
                  DomainName: {Description: domain, Required: true}
                  AWSRegion: {Description: region, Required: true}
                Runs:
                  Using: 'node16'
                  Main: 'dist/index.js'
                """, """
                const fs = require('fs');
                const e = process.env;
                const size = fs.statSync(e.INPUT_PACKAGEPATH).size;
                console.log(`publish ${e.INPUT_PACKAGEFORMAT} package of ${size} bytes to ${e.INPUT_DOMAINNAME}/${e.INPUT_REPOSITORYNAME} in ${e.INPUT_AWSREGION}`);
                console.log('::set-output name=packageBytes::' + size);
                """);
        Files.createDirectories(repo.resolve("integration/npm/example"));
        Files.writeString(repo.resolve("integration/npm/example/package.json"),
                "{\"name\": \"gantry-example\", \"version\": \"1.0.1\"}\n");
        Path wf = RunTestSupport.repo(repo, """
                Name: CodeArtifactWorkflow
                SchemaVersion: "1.0"
                Actions:
                  Build:
                    Identifier: aws/build-beta@v1.0.0
                    Inputs:
                      Sources: [WorkflowSource]
                    Outputs:
                      Artifacts:
                        - Name: ARTIFACT
                          Files: ["**/*"]
                    Configuration:
                      Steps:
                        - Run: cd integration/npm/example
                        - Run: npm pack --silent
                  Publish-to-code-artifact:
                    Identifier: .
                    Inputs:
                      Sources: [WorkflowSource]
                      Artifacts: [ARTIFACT]
                    Configuration:
                      PackagePath: /artifacts/Publish-to-code-artifact/ARTIFACT/integration/npm/example/gantry-example-1.0.1.tgz
                      PackageFormat: npm
                      RepositoryName: action-builder
                      AWSRegion: us-west-2
                      DomainName: action-builder
                """);
        RunTestSupport.Result r = run(wf.toString(), "--json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("publish npm package of \\d+ bytes to action-builder/action-builder in "
                + "us-west-2");
    }
}
