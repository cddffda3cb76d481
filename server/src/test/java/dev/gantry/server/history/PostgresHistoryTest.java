package dev.gantry.server.history;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * The history contract on a real PostgreSQL. Needs {@code GANTRY_TEST_POSTGRES_URL} (a JDBC URL of a database the
 * test may create schemas in, e.g. from {@code e2e/postgres.sh start}); skipped with that message without it.
 * Each test gets a fresh schema, dropped afterwards.
 */
class PostgresHistoryTest extends HistoryStoreContract {
    static final String URL_VARIABLE = "GANTRY_TEST_POSTGRES_URL";

    private String schema;
    private String baseUrl;

    @Override
    protected Database openEmpty() throws Exception {
        baseUrl = System.getenv(URL_VARIABLE);
        Assumptions.assumeTrue(baseUrl != null && !baseUrl.isBlank(), "no PostgreSQL: set " + URL_VARIABLE
                + " (e.g. eval \"$(e2e/postgres.sh start)\") to run the history tests on PostgreSQL too");
        schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String sep = baseUrl.contains("?") ? "&" : "?";
        return Database.open(baseUrl + sep + "currentSchema=" + schema, null, null, 4);
    }

    @org.junit.jupiter.api.AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            db.close();
            db = null;
            try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
