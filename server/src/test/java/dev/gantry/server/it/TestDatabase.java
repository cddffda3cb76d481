package dev.gantry.server.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The database an integration test's server keeps its history in. By default the embedded H2 file in the data
 * folder ({@link #url()} is {@code null}). Run with {@code -Dgantry.test.database=postgresql} (the server module's
 * {@code postgresql-it} surefire execution does so), every integration test runs on a real PostgreSQL instead: a
 * fresh schema of the database {@code GANTRY_TEST_POSTGRES_URL} names (from {@code e2e/postgres.sh start}), dropped
 * by {@link #close()}; without that variable the tests are skipped, saying so (the test classes carry
 * {@code @ExtendWith(TestDatabase.Available.class)}, which reports the whole class as skipped with the reason).
 */
final class TestDatabase implements AutoCloseable {
    static final String PROPERTY = "gantry.test.database";
    static final String URL_VARIABLE = "GANTRY_TEST_POSTGRES_URL";
    private static final String MISSING = "no PostgreSQL: set " + URL_VARIABLE + " (e.g. eval \"$(e2e/postgres.sh "
            + "start)\") to run the server's integration tests on PostgreSQL too";

    /** Skips a test class, saying why, on a PostgreSQL run without PostgreSQL. */
    static final class Available implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return postgresql() && blank(System.getenv(URL_VARIABLE)) ? ConditionEvaluationResult.disabled(MISSING)
                    : ConditionEvaluationResult.enabled(postgresql() ? "on PostgreSQL" : "on H2");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private final String baseUrl;
    private final String schema;

    private TestDatabase(String baseUrl, String schema) {
        this.baseUrl = baseUrl;
        this.schema = schema;
    }

    /** Whether this test run is the PostgreSQL one. */
    static boolean postgresql() {
        return "postgresql".equals(System.getProperty(PROPERTY, "h2").toLowerCase(Locale.ROOT));
    }

    /** The database for one server (and its restarts); skips the test on a PostgreSQL run without PostgreSQL. */
    static TestDatabase create() throws Exception {
        if (!postgresql()) {
            return new TestDatabase(null, null);
        }
        String base = System.getenv(URL_VARIABLE);
        Assumptions.assumeFalse(blank(base), MISSING);
        String schema = "it_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return new TestDatabase(base, schema);
    }

    /** The JDBC URL to give the server, or {@code null} for the embedded database. */
    String url() {
        return baseUrl == null ? null : baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * Everything the database holds, as text, to check a secret is not in it: the H2 file's bytes, or every row of
     * every table of the PostgreSQL schema.
     */
    String contents(Path data) throws Exception {
        if (baseUrl == null) {
            return new String(Files.readAllBytes(data.resolve("history").resolve("gantry.mv.db")),
                    StandardCharsets.ISO_8859_1);
        }
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (ResultSet t = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + schema + "'")) {
                while (t.next()) {
                    tables.add(t.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet r = s.executeQuery("SELECT * FROM " + schema + ".\"" + table + "\"")) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= columns; i++) {
                            all.append(r.getString(i)).append('\t');
                        }
                        all.append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    @Override
    public void close() throws Exception {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
