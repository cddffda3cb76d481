package dev.gantry.scm.webhook;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A webhook's repository against the configured one: the same repository by any of its addresses, never another. */
class RepositoryIdentityTest {
    private static RepositoryIdentity github(String fullName) {
        return new RepositoryIdentity(fullName, List.of("https://github.com/" + fullName + ".git",
                "git@github.com:" + fullName + ".git", "https://github.com/" + fullName));
    }

    @Test
    void anyAddressOfTheConfiguredRepositoryMatches() {
        assertThat(github("example/app").isConfiguredAs("app", "https://github.com/example/app.git")).isTrue();
        assertThat(github("Example/App").isConfiguredAs("app", "git@github.com:example/app")).isTrue();
        assertThat(github("example/app").isConfiguredAs("app", "ssh://git@github.com:22/example/app.git/")).isTrue();
        assertThat(new RepositoryIdentity("", List.of("https://github.com/example/app")).isConfiguredAs("app",
                "https://token@github.com/example/app.git")).isTrue();
    }

    @Test
    void theFullNameMatchesTheConfiguredPath() {
        RepositoryIdentity gitlab = new RepositoryIdentity("group/sub/app", List.of());
        assertThat(gitlab.isConfiguredAs("app", "https://gitlab.example.com/group/sub/app.git")).isTrue();
        assertThat(gitlab.isConfiguredAs("app", "/srv/git/group/sub/app.git")).isTrue();
        assertThat(gitlab.isConfiguredAs("app", "https://gitlab.example.com/other/group/sub/app.git")).isFalse();
        // the server may reach the forge under another host name (an internal one): the path still decides
        assertThat(gitlab.isConfiguredAs("app", "git@gitlab.internal:group/sub/app.git")).isTrue();
    }

    @Test
    void aLocalRepositoryMatchesByItsPathOrFileUrl() {
        RepositoryIdentity local = new RepositoryIdentity("", List.of("file:///srv/git/app.git"));
        assertThat(local.isConfiguredAs("app", "/srv/git/app.git")).isTrue();
        assertThat(local.isConfiguredAs("app", "/srv/git/../git/app")).isTrue();
        assertThat(local.isConfiguredAs("app", "/srv/git/other.git")).isFalse();
    }

    @Test
    void anotherRepositoryDoesNotMatch() {
        assertThat(github("example/other").isConfiguredAs("app", "https://github.com/example/app.git")).isFalse();
        assertThat(github("example/app").isConfiguredAs("app", "https://gitlab.com/example/app2.git")).isFalse();
        assertThat(github("example/app").isConfiguredAs("app", "/srv/git/elsewhere.git")).isFalse();
        assertThat(github("example/app").describe()).contains("example/app").contains("https://github.com");
    }

    @Test
    void aPayloadNamingNothingIsTheEndpointsRepositoryAndTheGenericHookNamesItByName() {
        assertThat(RepositoryIdentity.unnamed().isConfiguredAs("app", "/srv/git/app.git")).isTrue();
        assertThat(new RepositoryIdentity("app", List.of()).isConfiguredAs("app", "/srv/git/x.git")).isTrue();
        assertThat(new RepositoryIdentity("web", List.of()).isConfiguredAs("app", "/srv/git/x.git")).isFalse();
    }
}
