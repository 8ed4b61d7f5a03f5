package co.mesa.onboarding;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** An onboarding record as operators see it: the bundle, the first admin and each step's outcome. */
@Serdeable
@Schema(name = "Onboarding")
public record OnboardingView(
        @Schema(description = "Onboarding id (equals the new tenant's id)") String id,
        String slug,
        @Schema(description = "in-progress, done or failed") String status,
        @Schema(description = "SHA-256 over the bundle's entries; posting the same bundle again resumes") String bundleHash,
        FirstAdmin firstAdmin,
        List<StepView> steps,
        String requestedBy,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "What the operator should check in the entity's data, e.g. a mail sender name that does "
                + "not name the entity (issue 20); in the request's language") List<String> warnings) {

    /** Without warnings (issue 20 added them). */
    public OnboardingView(String id, String slug, String status, String bundleHash, FirstAdmin firstAdmin,
                          List<StepView> steps, String requestedBy, Instant createdAt, Instant updatedAt) {
        this(id, slug, status, bundleHash, firstAdmin, steps, requestedBy, createdAt, updatedAt, List.of());
    }

    /** The first tenant administrator; the temporary password appears only in dev/test, once, when mail failed. */
    @Serdeable
    @Schema(name = "OnboardingFirstAdmin")
    public record FirstAdmin(String username, String email, @Nullable String temporaryPassword) {
    }

    /** One step: import, realm, first-admin or branding. */
    @Serdeable
    @Schema(name = "OnboardingStep")
    public record StepView(String name, @Schema(description = "pending, done or failed") String outcome,
                           @Nullable String message, @Nullable Instant startedAt, @Nullable Instant finishedAt) {
    }
}
