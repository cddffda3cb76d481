package dev.gantry.engine.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTest {
    @Test
    void masksEveryOccurrenceLongestFirst() {
        SecretMasker m = new SecretMasker();
        m.add("abc");
        m.add("abcdef");
        m.add("");
        m.add(null);
        assertThat(m.mask("x abcdef y abc z abcabc")).isEqualTo("x *** y *** z ******");
        assertThat(m.mask(null)).isNull();
    }

    @Test
    void multiLineSecretsAreMaskedLineByLine() {
        SecretMasker m = new SecretMasker();
        m.add("-----BEGIN KEY-----\nMIIEvQIBADANBg\n-----END KEY-----\n");
        assertThat(m.mask("line: MIIEvQIBADANBg")).isEqualTo("line: ***");
    }

    @Test
    void emptyMaskerChangesNothing() {
        assertThat(new SecretMasker().mask("hello")).isEqualTo("hello");
    }

    @Test
    void aSecretCutInTwoPartsIsMaskedOnBothSidesOfTheCut() {
        SecretMasker m = new SecretMasker();
        m.add("s3cr3t-value");
        assertThat(m.maskPart("xxxxs3cr", false, true)).isEqualTo("xxxx***");
        assertThat(m.maskPart("3t-value and more", true, false)).isEqualTo("*** and more");
        assertThat(m.maskPart("whole s3cr3t-value here", true, true)).isEqualTo("whole *** here");
        assertThat(m.maskPart("nothing secret", true, true)).isEqualTo("nothing secret");
        assertThat(m.maskPart("tail s3cr", false, false)).as("not at a cut").isEqualTo("tail s3cr");
    }
}
