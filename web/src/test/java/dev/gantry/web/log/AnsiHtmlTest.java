package dev.gantry.web.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnsiHtmlTest {
    @Test
    void coloursBecomeClassedSpansAndTextIsEscaped() {
        assertThat(AnsiHtml.line("\u001b[1;31mFAIL\u001b[0m <b>x</b> & \"y\""))
                .isEqualTo("<span class=\"f1 bo\">FAIL</span> &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;");
    }

    @Test
    void brightAnd256ColoursBelowSixteenAndResets() {
        assertThat(AnsiHtml.line("\u001b[92mok\u001b[39m plain \u001b[38;5;4mblue\u001b[m"))
                .isEqualTo("<span class=\"f10\">ok</span> plain <span class=\"f4\">blue</span>");
    }

    @Test
    void otherEscapesAreDroppedAndACarriageReturnKeepsTheLastText() {
        assertThat(AnsiHtml.line("\u001b[2K\u001b]0;title\u0007progress 10%\rprogress 100%"))
                .isEqualTo("progress 100%");
        assertThat(AnsiHtml.line("windows line\r")).isEqualTo("windows line");
        assertThat(AnsiHtml.line("bell\u0007 here")).isEqualTo("bell\uFFFD here");
    }

    @Test
    void anUnfinishedEscapeAtTheEndIsDropped() {
        assertThat(AnsiHtml.line("text\u001b[31")).isEqualTo("text");
        assertThat(AnsiHtml.line("\u001b")).isEmpty();
    }
}
