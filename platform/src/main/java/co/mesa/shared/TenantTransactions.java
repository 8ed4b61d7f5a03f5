package co.mesa.shared;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Runs database work in a transaction bound to one tenant: {@code app.tenant_id} is set with
 * {@code set_config(..., true)} so it lasts exactly this transaction, and row level security
 * shows and accepts only that tenant's rows. Without a tenant, tenant-owned tables show nothing.
 */
@Singleton
public class TenantTransactions {

    /** Database work that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final TransactionOperations<Connection> transactions;

    public TenantTransactions(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    public <T> T write(TenantId tenant, SqlWork<T> work) {
        return transactions.executeWrite(status -> run(status.getConnection(), tenant, work));
    }

    public <T> T read(TenantId tenant, SqlWork<T> work) {
        // Read-only by SQL rather than Connection.setReadOnly: the driver refuses to flip that flag
        // on a pooled connection the transaction manager has already begun with, and the
        // database's own READ ONLY refuses writes just the same.
        return transactions.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("SET TRANSACTION READ ONLY")) {
                ps.execute();
            } catch (SQLException e) {
                throw new DataAccessException("Cannot start a read-only transaction: " + e.getMessage(), e);
            }
            return run(status.getConnection(), tenant, work);
        });
    }

    /** Work on platform tables only (tenant registry, hosts): no tenant is set. */
    public <T> T platform(SqlWork<T> work) {
        return transactions.executeWrite(status -> run(status.getConnection(), null, work));
    }

    /** Binds the current transaction to a tenant; for work that learns its tenant midway (imports). */
    public static void bind(Connection connection, TenantId tenant) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            ps.setString(1, tenant == null ? "" : tenant.value().toString());
            ps.execute();
        }
    }

    private static <T> T run(Connection connection, TenantId tenant, SqlWork<T> work) {
        try {
            bind(connection, tenant);
            return work.run(connection);
        } catch (SQLException e) {
            throw new DataAccessException("Database work failed: " + e.getMessage(), e);
        }
    }
}
