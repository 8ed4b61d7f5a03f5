package co.mesa.shared;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a failure means the database could not be reached or dropped the connection: a lost or refused
 * connection (SQLSTATE class 08), a backend ended by the server (57P01–57P03: shutdown, crash, starting),
 * too many connections (53300), or no pooled connection within the pool's timeout. A client can retry
 * those; they are a 503, never a 500.
 */
public final class DatabaseUnavailable {

    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");
    private static final Set<String> NO_CONNECTION = Set.of(
            "io.micronaut.transaction.exceptions.CannotCreateTransactionException",
            "io.micronaut.transaction.jdbc.exceptions.CannotGetJdbcConnectionException",
            "io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException");

    private DatabaseUnavailable() {
    }

    /**
     * The first cause that says the database is unavailable, if any: along the causes, the suppressed
     * exceptions, and the failure a failed rollback hides (its "application exception": a rollback on a
     * connection the server ended fails with "Connection is closed", which says nothing by itself).
     */
    public static Optional<Throwable> cause(Throwable failure) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.add(failure);
        while (!todo.isEmpty() && seen.size() < 64) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLTransientConnectionException) {
                return Optional.of(t);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || STATES.contains(sql.getSQLState()))) {
                return Optional.of(t);
            }
            if (NO_CONNECTION.contains(t.getClass().getName()) && t.getCause() instanceof SQLException) {
                return Optional.of(t);
            }
            if (t instanceof io.micronaut.transaction.exceptions.TransactionSystemException tse
                    && tse.getApplicationException() != null) {
                todo.add(tse.getApplicationException());
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
        }
        return Optional.empty();
    }
}
