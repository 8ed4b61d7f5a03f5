package co.mesa.identity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A person of the tenant's directory, as agents see them. */
@Serdeable
@Schema(name = "Person")
public record PersonView(UUID id, String username, String name, @Nullable String email, @Nullable String phone,
                         @Nullable String jobTitle, @Nullable String dependency, List<String> groups,
                         List<String> roles, Instant firstSeen, Instant lastSeen,
                         @io.swagger.v3.oas.annotations.media.Schema(description = "False for a contact an agent "
                                 + "registered (issue 20): not in the entity's directory, cannot sign in") boolean inDirectory) {

    /** A person of the directory (issue 20 added contacts). */
    public PersonView(UUID id, String username, String name, @Nullable String email, @Nullable String phone,
                      @Nullable String jobTitle, @Nullable String dependency, List<String> groups, List<String> roles,
                      Instant firstSeen, Instant lastSeen) {
        this(id, username, name, email, phone, jobTitle, dependency, groups, roles, firstSeen, lastSeen, true);
    }
}
