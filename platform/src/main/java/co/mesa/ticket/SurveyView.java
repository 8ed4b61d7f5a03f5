package co.mesa.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A case's satisfaction survey as its requester answers it and as its agents and supervisors read it: the
 * entity's questions in the caller's language, whether it is still open, and the answers once given.
 */
@Serdeable
@Schema(name = "Survey")
public record SurveyView(String id, String caseId, String caseCode, String caseTitle,
                         @Schema(description = "solution | rejection") String occasion,
                         Instant offeredAt, Instant dueAt, boolean open,
                         @Schema(description = "Whether the caller may answer it now (its requester, while open)") boolean mayAnswer,
                         @Nullable Instant answeredAt,
                         @Schema(description = "portal | email; null until answered") @Nullable String answeredVia,
                         String invitation, List<Question> questions,
                         @Schema(description = "none | pending | reopened | new-case | closed") String review,
                         @Nullable String reviewNote) {

    /** A question, its options (scale and yes/no) and, once answered, the answer. */
    @Serdeable
    @Schema(name = "SurveyQuestion")
    public record Question(String key, @Schema(description = "scale | yesNo | text") String type, String text,
                           boolean required, List<Option> options, @Nullable String answer) {
    }

    @Serdeable
    @Schema(name = "SurveyOption")
    public record Option(String value, String label) {
    }

    /** A reported problem waiting in the review list. */
    @Serdeable
    @Schema(name = "SurveyReview")
    public record Review(String surveyId, String caseId, String caseCode, String caseTitle, String state,
                         String occasion, Instant answeredAt, List<Question> answers) {
    }
}
