package co.mesa.notification;

import co.mesa.identity.Roles;
import co.mesa.shared.Problem;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Incoming mail that could not be placed on a case by itself, waiting for an agent. */
@Controller("/api/v1/mail/quarantine")
@Tag(name = "Notifications")
@SecurityRequirement(name = "bearer")
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class QuarantineController {

    /** A quarantined message and why (unknown-code, not-a-participant, case-closed, unknown-sender, no-code, record-reply). */
    @Serdeable
    @Schema(name = "QuarantinedMail")
    public record Quarantined(long id, String mailbox, String sender, String subject, String body, Instant receivedAt,
                              @Nullable String caseId, @Nullable String reason) {
    }

    private final TenantTransactions tx;

    public QuarantineController(TenantTransactions tx) {
        this.tx = tx;
    }

    @Get
    @Operation(summary = "Quarantined incoming mail, newest first (at most 100)")
    public List<Quarantined> list(@Parameter(hidden = true) TenantContext tenant) {
        return tx.read(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, mailbox, sender, subject, body, received_at, case_id, "
                    + "reason FROM inbound_mail WHERE outcome = 'quarantined' ORDER BY received_at DESC LIMIT 100")) {
                List<Quarantined> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object caseId = rs.getObject(7);
                        out.add(new Quarantined(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getTimestamp(6).toInstant(), caseId == null ? null : caseId.toString(),
                                rs.getString(8)));
                    }
                }
                return out;
            }
        });
    }
}
