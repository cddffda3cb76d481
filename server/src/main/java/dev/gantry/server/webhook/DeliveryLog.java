package dev.gantry.server.webhook;

import dev.gantry.server.history.Database;

import java.sql.SQLException;

/**
 * The webhook deliveries the server has taken, by provider and delivery id, so a redelivered webhook starts
 * nothing twice (kept in the database: a redelivery after a restart is caught too).
 */
public final class DeliveryLog {
    private final Database db;

    public DeliveryLog(Database db) {
        this.db = db;
    }

    /** Records a delivery; {@code false} when it was seen before. */
    public boolean firstTime(String provider, String deliveryId, long now) {
        String id = deliveryId.length() > 200 ? deliveryId.substring(0, 200) : deliveryId;
        try {
            return db.transaction(c -> {
                if (!Database.query(c, "SELECT 1 FROM webhook_deliveries WHERE provider = ? AND delivery_id = ?",
                        r -> 1, provider, id).isEmpty()) {
                    return false;
                }
                Database.update(c, "INSERT INTO webhook_deliveries (provider, delivery_id, received_at) VALUES (?, ?, ?)",
                        provider, id, now);
                return true;
            });
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return false; // the same delivery, arriving twice at once: the other one took it
            }
            throw e;
        }
    }

    /** Forgets deliveries older than {@code cutoff} (retention); returns how many. */
    public int forgetBefore(long cutoff) {
        return db.update("DELETE FROM webhook_deliveries WHERE received_at < ?", cutoff);
    }
}
