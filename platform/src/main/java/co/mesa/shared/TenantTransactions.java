package co.mesa.shared;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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

    /** Binds a query's own parameters, from index {@code first} on (the tenant's parameter comes before). */
    @FunctionalInterface
    public interface Binder {
        void bind(Connection connection, PreparedStatement statement, int first) throws SQLException;
    }

    /** Reads a query's result. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private static final Pattern SETTING = Pattern.compile("[a-z_]+");
    private static final Pattern VALUE = Pattern.compile("[a-z0-9_]+");

    private final TransactionOperations<Connection> transactions;
    private final ConnectionOperations<Connection> connections;
    private final DataSource dataSource;

    public TenantTransactions(TransactionOperations<Connection> transactions, ConnectionOperations<Connection> connections,
                              @Named("default") DataSource dataSource) {
        this.transactions = transactions;
        this.connections = connections;
        this.dataSource = dataSource;
    }

    /**
     * One read-only query bound to a tenant in a single round trip, for the hottest reads (the agent list).
     * {@link #read} costs four: bind the tenant, the query, commit, and the BEGIN riding on the first. Here
     * {@code SELECT set_config('app.tenant_id', ?, true), set_config('transaction_read_only', 'on', true)
     * [, set_config(<setting>, <value>, true)...]; <sql>} is sent on a connection of its own in autocommit
     * mode: the driver sends both statements before one Sync, and PostgreSQL runs everything before a Sync
     * as one implicit transaction, so the tenant and the settings last exactly this query and nothing can
     * write. Should the two ever run apart, the query would see no tenant and row level security would show
     * nothing (TenantTransactionsTest checks both). {@code settings} are fixed names and values from code.
     */
    public <T> T readInOneTrip(TenantId tenant, Map<String, String> settings, String sql, Binder binder, Reader<T> reader) {
        String text = oneTripText(settings, sql);
        return connections.execute(ConnectionDefinition.REQUIRES_NEW, status -> {
            try {
                return oneTrip(status.getConnection(), text, tenant, binder, reader);
            } catch (SQLException e) {
                throw new DataAccessException("Database work failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * {@link #readInOneTrip} for a thread that must not wait: the server's event loop. It runs only when a
     * pooled connection is free this instant (never waiting for one) and within {@link #NOW_LIMIT} of
     * statement time; otherwise it returns empty and did nothing, and the caller does the work on a blocking
     * thread. Only for queries whose cost is bounded by design (the merged agent list: groups x page size);
     * decision 0015 says why the list runs here at all.
     */
    public <T> Optional<T> readInOneTripNow(TenantId tenant, Map<String, String> settings, String sql, Binder binder,
                                            Reader<T> reader) {
        HikariPool pool = pool();
        if (pool == null) {
            return Optional.empty();
        }
        Map<String, String> bounded = new LinkedHashMap<>(settings);
        bounded.put("statement_timeout", NOW_LIMIT.toMillis() + "ms");
        String text = oneTripText(bounded, sql);
        Connection c;
        try {
            c = pool.getConnection(0);
        } catch (SQLException busy) {
            return Optional.empty(); // every connection is in use: the blocking path waits for one instead
        }
        try (c) {
            return Optional.of(oneTrip(c, text, tenant, binder, reader));
        } catch (SQLException e) {
            if (QUERY_CANCELED.equals(e.getSQLState())) {
                return Optional.empty(); // over the limit: the database is slow now; retried where waiting is fine
            }
            throw new DataAccessException("Database work failed: " + e.getMessage(), e);
        }
    }

    /** The statement time {@link #readInOneTripNow} allows before it gives the work back. */
    public static final Duration NOW_LIMIT = Duration.ofMillis(250);

    private static final String QUERY_CANCELED = "57014";

    /** The pool under the data source's wrappers, asked directly so that taking a connection never waits. */
    private @Nullable HikariPool pool() {
        try {
            DataSource ds = DelegatingDataSource.unwrapDataSource(dataSource);
            HikariDataSource hikari = ds instanceof HikariDataSource h ? h
                    : ds.isWrapperFor(HikariDataSource.class) ? ds.unwrap(HikariDataSource.class) : null;
            return hikari != null && hikari.getHikariPoolMXBean() instanceof HikariPool p ? p : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static String oneTripText(Map<String, String> settings, String sql) {
        StringBuilder text = new StringBuilder("SELECT set_config('app.tenant_id', ?, true), "
                + "set_config('transaction_read_only', 'on', true)");
        settings.forEach((name, value) -> {
            if (!SETTING.matcher(name).matches() || !VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("Not a plain setting: " + name + " = " + value);
            }
            text.append(", set_config('").append(name).append("', '").append(value).append("', true)");
        });
        return text.append("; ").append(sql).toString();
    }

    private static <T> T oneTrip(Connection c, String text, TenantId tenant, Binder binder, Reader<T> reader)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(text)) {
            ps.setString(1, tenant.value().toString());
            binder.bind(c, ps, 2);
            ps.execute();
            if (!ps.getMoreResults()) {
                throw new SQLException("The query after the tenant's binding returned no rows");
            }
            try (ResultSet rs = ps.getResultSet()) {
                return reader.read(rs);
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    public <T> T write(TenantId tenant, SqlWork<T> work) {
        return inTransaction(status -> run(status.getConnection(), tenant, work));
    }

    /**
     * A transaction whose failure stays visible: when the rollback after a failure fails too (the server ended
     * the connection), the transaction manager throws the rollback's error alone ("Connection is closed"); the
     * work's own failure is added to it as suppressed, so the web layer can tell a lost database (503).
     */
    private <T> T inTransaction(java.util.function.Function<io.micronaut.transaction.TransactionStatus<Connection>, T> work) {
        Throwable[] failed = new Throwable[1];
        try {
            return transactions.executeWrite(status -> {
                try {
                    return work.apply(status);
                } catch (RuntimeException | Error e) {
                    failed[0] = e;
                    throw e;
                }
            });
        } catch (io.micronaut.transaction.exceptions.TransactionSystemException e) {
            if (failed[0] != null && failed[0] != e) {
                e.addSuppressed(failed[0]);
            }
            throw e;
        }
    }

    public <T> T read(TenantId tenant, SqlWork<T> work) {
        // Read-only by SQL rather than Connection.setReadOnly: the driver refuses to flip that flag
        // on a pooled connection the transaction manager has already begun with, and the
        // database's own READ ONLY refuses writes just the same.
        return inTransaction(status -> {
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
        return inTransaction(status -> run(status.getConnection(), null, work));
    }

    /** Binds the current transaction to a tenant; for work that learns its tenant midway (imports). */
    public static void bind(Connection connection, TenantId tenant) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            ps.setString(1, tenant == null ? "" : tenant.value().toString());
            ps.execute();
        }
    }

    private static <T> T run(Connection connection, TenantId tenant, SqlWork<T> work) {
        TenantId outer = CURRENT.get();
        CURRENT.set(tenant);
        try {
            bind(connection, tenant);
            return work.run(connection);
        } catch (SQLException e) {
            throw new DataAccessException("Database work failed: " + e.getMessage(), e);
        } finally {
            CURRENT.set(outer);
        }
    }

    private static final ThreadLocal<TenantId> CURRENT = new ThreadLocal<>();

    /**
     * The tenant of the work this thread is running inside {@link #write}/{@link #read} now, if any: for
     * stores whose methods take only a connection but must say whose data changed (issue 32: the home
     * counters' cache is dropped per tenant when a case changes).
     */
    public static Optional<TenantId> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
