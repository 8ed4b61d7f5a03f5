package co.mesa.shared;

import co.mesa.testsupport.Eventually;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsServices;
import co.mesa.testsupport.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's pool never leaves a session {@code idle in transaction}: Micronaut's automatic
 * "SELECT 1" test query, with auto-commit off, opened a transaction at each new connection and each
 * keep-alive that nobody ended (issue 31). New physical connections are made here on purpose (the pool's
 * connections are evicted first), then PostgreSQL is asked what the application's sessions are doing.
 */
@NeedsServices
class IdlePoolTest {

    @Test
    void newAndIdlePooledConnectionsHoldNoTransactionOpen() throws Exception {
        MesaPlatform platform = MesaPlatform.get();
        HikariDataSource pool = hikari(platform.bean(DataSource.class, "default"));
        assertThat(pool.getConnectionTestQuery()).as("validation by JDBC isValid, no statement").isNull();
        pool.getHikariPoolMXBean().softEvictConnections();
        // New connections, validated as the pool does, handed back unused.
        List<Connection> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            taken.add(pool.getConnection());
        }
        for (Connection c : taken) {
            c.close();
        }
        Eventually.until("three idle pooled connections", () -> pool.getHikariPoolMXBean().getIdleConnections() >= 3);
        try (Connection su = TestPostgres.get().superuserConnection();
             PreparedStatement ps = su.prepareStatement("SELECT pid, state, query FROM pg_stat_activity "
                     + "WHERE usename = ? AND datname = ? AND state = 'idle in transaction'")) {
            ps.setString(1, TestPostgres.get().appUser());
            ps.setString(2, TestPostgres.get().databaseName());
            List<String> open = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    open.add(rs.getInt(1) + " " + rs.getString(2) + ": " + rs.getString(3));
                }
            }
            assertThat(open).as("application sessions idle in transaction").isEmpty();
        }
    }

    static HikariDataSource hikari(DataSource ds) throws SQLException {
        DataSource d = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(ds);
        return d instanceof HikariDataSource h ? h : d.unwrap(HikariDataSource.class);
    }
}
