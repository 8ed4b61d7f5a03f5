package co.mesa.onboarding.internal;

import co.mesa.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for onboarding records, their steps and tenant branding. Callers own the (tenant-bound) transaction. */
@Singleton
public class OnboardingStore {

    /** The onboarding row of the tenant bound to the transaction. */
    public record Record(TenantId tenant, String bundleHash, String adminUsername, String adminEmail,
                         String temporaryPassword, String requestedBy, Instant createdAt, Instant updatedAt) {
    }

    /** One step's row. */
    public record Step(String step, int position, String outcome, String message, Instant startedAt, Instant finishedAt) {
    }

    /** Stored branding: logo bytes (or null), its media type, and colours as JSON text. */
    public record Branding(byte[] logo, String logoMediaType, String colorsJson) {
    }

    public void create(Connection c, TenantId tenant, String bundleHash, String adminUsername, String adminEmail,
                       String requestedBy, List<String> steps) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tenant_onboarding (tenant_id, bundle_hash, admin_username, admin_email, requested_by) "
                        + "VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, bundleHash);
            ps.setString(3, adminUsername);
            ps.setString(4, adminEmail);
            ps.setString(5, requestedBy);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tenant_onboarding_step (tenant_id, step, position, outcome) VALUES (?, ?, ?, 'pending')")) {
            for (int i = 0; i < steps.size(); i++) {
                ps.setObject(1, tenant.value());
                ps.setString(2, steps.get(i));
                ps.setInt(3, i + 1);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public Optional<Record> find(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant_id, bundle_hash, admin_username, admin_email, temporary_password, requested_by, "
                        + "created_at, updated_at FROM tenant_onboarding");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Record(new TenantId((java.util.UUID) rs.getObject(1)), rs.getString(2),
                    rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)),
                    instant(rs.getTimestamp(8))));
        }
    }

    public List<Step> steps(Connection c) throws SQLException {
        List<Step> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT step, position, outcome, message, started_at, finished_at FROM tenant_onboarding_step ORDER BY position");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Step(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))));
            }
        }
        return out;
    }

    /** Marks a step as running again: pending, started now, no outcome message yet. */
    public void start(Connection c, String step) throws SQLException {
        update(c, "UPDATE tenant_onboarding_step SET outcome = 'pending', message = NULL, started_at = now(), "
                + "finished_at = NULL WHERE step = ?", step);
    }

    public void finish(Connection c, String step, boolean done, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE tenant_onboarding_step SET outcome = ?, message = ?, started_at = coalesce(started_at, now()), "
                        + "finished_at = clock_timestamp() WHERE step = ?")) {
            ps.setString(1, done ? "done" : "failed");
            ps.setString(2, message);
            ps.setString(3, step);
            ps.executeUpdate();
        }
        update(c, "UPDATE tenant_onboarding SET updated_at = clock_timestamp() WHERE ? IS NOT NULL", step);
    }

    public void setTemporaryPassword(Connection c, String password) throws SQLException {
        update(c, "UPDATE tenant_onboarding SET temporary_password = ?", password);
    }

    public void upsertBranding(Connection c, TenantId tenant, byte[] logo, String mediaType, String colorsJson)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tenant_branding (tenant_id, logo, logo_media_type, colors) VALUES (?, ?, ?, ?::jsonb) "
                        + "ON CONFLICT (tenant_id) DO UPDATE SET logo = excluded.logo, "
                        + "logo_media_type = excluded.logo_media_type, colors = excluded.colors, updated_at = now()")) {
            ps.setObject(1, tenant.value());
            ps.setBytes(2, logo);
            ps.setString(3, mediaType);
            ps.setString(4, colorsJson);
            ps.executeUpdate();
        }
    }

    /**
     * The stored branding's version (issue 21): its {@code updated_at} in microseconds, "0" when none is
     * stored; with {@code lock}, the tenant's branding is locked for the rest of the transaction first, so
     * a conditional save compares and writes without another save in between.
     */
    public String brandingVersion(Connection c, TenantId tenant, boolean lock) throws SQLException {
        if (lock) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('tenant_branding:' || ?))")) {
                ps.setString(1, tenant.value().toString());
                ps.executeQuery().close();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT (extract(epoch FROM updated_at) * 1000000)::bigint FROM tenant_branding");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? String.valueOf(rs.getLong(1)) : "0";
        }
    }

    public Optional<Branding> branding(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT logo, logo_media_type, colors::text FROM tenant_branding");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Branding(rs.getBytes(1), rs.getString(2), rs.getString(3))) : Optional.empty();
        }
    }

    private static void update(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
