package dev.gantry.engine.json;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonWriterTest {
    @Test
    void stringsAreEscapedOneWayEverywhere() {
        assertThat(JsonWriter.quote("a\"b\\c\nd\re\tf\u0001g\u001fh")).isEqualTo(
                "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\"");
        // U+2028/U+2029 end lines in JavaScript: escaped, so JSON pasted into a page or a script stays one string
        assertThat(JsonWriter.quote("a\u2028b\u2029c")).isEqualTo("\"a\\u2028b\\u2029c\"");
        assertThat(JsonWriter.quote("é ✓ 😀 /")).isEqualTo("\"é ✓ 😀 /\"");
        assertThat(JsonWriter.quote(null)).isEqualTo("null");
    }

    @Test
    void compactAndIndentedText() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "x");
        m.put("n", 3);
        m.put("d", 1.5);
        m.put("nan", Double.NaN);
        m.put("b", true);
        m.put("null", null);
        m.put("list", Arrays.asList(1L, "two", null));
        m.put("empty", List.of());
        m.put("none", Map.of());
        m.put("at", Instant.parse("2026-01-02T03:04:05Z"));
        m.put("took", Duration.ofMillis(1500));
        assertThat(JsonWriter.COMPACT.write(m)).isEqualTo("{\"s\":\"x\",\"n\":3,\"d\":1.5,\"nan\":null,\"b\":true,"
                + "\"null\":null,\"list\":[1,\"two\",null],\"empty\":[],\"none\":{},\"at\":\"2026-01-02T03:04:05Z\","
                + "\"took\":1500}");
        assertThat(JsonWriter.INDENTED.write(Map.of("a", List.of(1, Map.of("b", "c"))))).isEqualTo(
                "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"c\"\n    }\n  ]\n}");
    }

    @Test
    void numbersCanBeWrittenAnotherWay() {
        JsonWriter integral = JsonWriter.INDENTED.withNumbers(n -> Long.toString(Math.round(n.doubleValue())));
        assertThat(integral.write(List.of(2.0, 7))).isEqualTo("[\n  2,\n  7\n]");
    }
}
