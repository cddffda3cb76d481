package dev.gantry.actions.aws;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoleSessionNameTest {
    @Test
    void namesWorkflowAndAction() {
        assertThat(RoleSessionName.of("multiarch", "docker_build_amd64")).isEqualTo("gantry-multiarch-docker_build_amd64");
        assertThat(RoleSessionName.of("wf", "Group.Deploy")).isEqualTo("gantry-wf-Group.Deploy");
    }

    @Test
    void replacesCharactersStsRejects() {
        assertThat(RoleSessionName.of("My Workflow (prod)", "Build/Test:1")).isEqualTo("gantry-My-Workflow--prod--Build-Test-1");
        assertThat(RoleSessionName.of("", null)).isEqualTo("gantry-workflow-action");
    }

    @Test
    void staysWithinStsLimitShorteningTheWorkflowFirst() {
        String name = RoleSessionName.of("a-very-long-workflow-name-that-goes-on-and-on-and-on", "DeployToProduction");
        assertThat(name).hasSize(RoleSessionName.MAX_LENGTH).endsWith("-DeployToProduction")
                .startsWith("gantry-a-very-long-workflow");
        String both = RoleSessionName.of("w".repeat(100), "a".repeat(100));
        assertThat(both).hasSize(RoleSessionName.MAX_LENGTH).contains("-aaaa");
        assertThat(both).matches("[A-Za-z0-9+=,.@_-]+");
    }
}
