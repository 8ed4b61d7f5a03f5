package co.mesa.identity;

import co.mesa.shared.ProblemException;
import co.mesa.shared.ProblemException.ParamError;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Requesters who are not in the entity's directory (issue 20): a walk-in or a phone call from someone without an
 * account. An agent registers them as a contact — name, identity document, e-mail and/or phone — so a case can be
 * filed for them; the contact cannot sign in (no realm user, a subject no token carries), the directory sync
 * never deactivates them, and the case's mails go to the address given. The same document finds the same contact.
 */
@Singleton
public class ContactPeople {

    static final Pattern DOCUMENT = Pattern.compile("^[A-Za-z0-9.\\-]{3,20}$");
    static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[A-Za-z]{2,}$");
    static final Pattern PHONE = Pattern.compile("^[0-9 +()\\-]{7,20}$");

    /** What the agent wrote; any part may be missing (then it is an error or left empty). */
    public record NewContact(@Nullable String name, @Nullable String document, @Nullable String email,
                             @Nullable String phone) {
    }

    private final TenantTransactions tx;

    public ContactPeople(TenantTransactions tx) {
        this.tx = tx;
    }

    /**
     * Registers the contact, or updates the one with the same document; returns their person id. 422 with an error
     * per field (names: {@code name}, {@code document}, {@code email}, {@code phone}) and nothing written otherwise.
     */
    public UUID register(TenantContext tenant, NewContact given) {
        List<ParamError> errors = new ArrayList<>();
        String name = strip(given.name());
        String document = strip(given.document());
        String email = strip(given.email());
        String phone = strip(given.phone());
        if (name == null || name.length() > 200 || co.mesa.shared.Text.forbiddenControl(name).isPresent()) {
            errors.add(new ParamError("name", "contact.param.name"));
        }
        if (document == null || !DOCUMENT.matcher(document).matches()) {
            errors.add(new ParamError("document", "contact.param.document"));
        }
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            errors.add(new ParamError("email", "contact.param.email"));
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.add(new ParamError("phone", "contact.param.phone"));
        }
        if (email == null && phone == null) {
            errors.add(new ParamError("email", "contact.param.reach"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "contact.invalid", "problem.contact.invalid.title",
                    "problem.contact.invalid.detail").withParamErrors(errors);
        }
        String doc = document.toUpperCase(Locale.ROOT);
        return tx.write(tenant.id(), c -> {
            try (PreparedStatement find = c.prepareStatement(
                    "SELECT id FROM person WHERE tenant_id = ? AND NOT in_directory AND document = ? FOR UPDATE")) {
                find.setObject(1, tenant.id().value());
                find.setString(2, doc);
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        try (PreparedStatement up = c.prepareStatement("UPDATE person SET name = ?, "
                                + "email = coalesce(?, email), phone = coalesce(?, phone), active = true, last_seen = now() "
                                + "WHERE tenant_id = ? AND id = ?")) {
                            up.setString(1, name);
                            up.setString(2, email);
                            up.setString(3, phone);
                            up.setObject(4, tenant.id().value());
                            up.setObject(5, id);
                            up.executeUpdate();
                        }
                        return id;
                    }
                }
            }
            UUID id = UUID.randomUUID();
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO person (tenant_id, id, subject, username, name, "
                    + "email, phone, in_directory, document) VALUES (?, ?, ?, ?, ?, ?, ?, false, ?)")) {
                ins.setObject(1, tenant.id().value());
                ins.setObject(2, id);
                ins.setString(3, "contact:" + id);
                // Searchable by document in the requester search (name, username or e-mail).
                ins.setString(4, "doc-" + doc.toLowerCase(Locale.ROOT));
                ins.setString(5, name);
                ins.setString(6, email);
                ins.setString(7, phone);
                ins.setString(8, doc);
                ins.executeUpdate();
            }
            return id;
        });
    }

    private static @Nullable String strip(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
