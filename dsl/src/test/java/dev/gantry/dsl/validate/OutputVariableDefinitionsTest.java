package dev.gantry.dsl.validate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class OutputVariableDefinitionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"IMAGE=foo", "export IMAGE=$REG/x", "export IMAGE", "export A=1 IMAGE",
            "declare -x IMAGE=1", "local IMAGE", "readonly IMAGE=2", "cd x && IMAGE=$(date)", "read IMAGE",
            "read -r IMAGE < file", "echo x | read -r A IMAGE", "for IMAGE in a b; do :; done",
            "printf -v IMAGE '%s' x", "mapfile -t IMAGE < f", "((IMAGE++))", "IMAGE+=x", "IMAGE[0]=x",
            "if true; then IMAGE=1; fi", "x=1\nIMAGE=2", "getopts ab IMAGE"})
    void recognisesShellDefinitions(String step) {
        assertThat(OutputVariableRule.definitions("IMAGE").matcher(step).find()).as(step).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo $IMAGE", "MY_IMAGE=1", "IMAGE_TAG=1", "docker build -t $IMAGE .",
            "export IMAGE_TAG", "test \"$IMAGE\" = x"})
    void ignoresUsesAndOtherNames(String step) {
        assertThat(OutputVariableRule.definitions("IMAGE").matcher(step).find()).as(step).isFalse();
    }
}
