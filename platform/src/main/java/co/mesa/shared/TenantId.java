package co.mesa.shared;

import java.util.Objects;
import java.util.UUID;

/** The database identity of a tenant; every tenant-owned row carries it as {@code tenant_id}. */
public record TenantId(UUID value) {

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
