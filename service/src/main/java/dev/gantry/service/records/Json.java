package dev.gantry.service.records;

import dev.gantry.engine.json.JsonWriter;

/**
 * Plain values as JSON (maps, lists, strings, numbers, booleans, {@code null}, instants as ISO-8601): the
 * service's short names for {@link JsonWriter}, the one JSON writer.
 */
public final class Json {
    private Json() {
    }

    /** {@code value} as compact JSON text. */
    public static String write(Object value) {
        return JsonWriter.COMPACT.write(value);
    }

    /** {@code value} as indented JSON text (two spaces), with a line end. */
    public static String pretty(Object value) {
        return JsonWriter.INDENTED.write(value) + "\n";
    }
}
