package co.mesa.shared;

import io.micronaut.core.annotation.Nullable;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants to and from {@code timestamptz} columns, the one way every store writes them. */
public final class Jdbc {

    private Jdbc() {
    }

    public static void setInstant(PreparedStatement ps, int index, @Nullable Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    @Nullable
    public static Instant instant(@Nullable Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
