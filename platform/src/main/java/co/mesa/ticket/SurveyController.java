package co.mesa.ticket;

import co.mesa.shared.Languages;
import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The satisfaction survey of a case, and the review list of reported problems ("novedades"). */
@Controller("/api/v1")
@Tag(name = "Surveys")
@SecurityRequirement(name = "bearer")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SurveyController {

    /** The answers, by question key: "1".."5" for a scale, "yes"/"no", or text. */
    @Serdeable
    @Schema(name = "SurveyAnswers")
    public record Answers(@Nullable Map<String, String> answers) {
    }

    /** A review's outcome: reopened (extend the solution), new-case, or closed; with the reviewer's note. */
    @Serdeable
    @Schema(name = "SurveyReviewDecision")
    public record Decision(@Schema(description = "reopened | new-case | closed") @Nullable String outcome,
                           @Nullable String note) {
    }

    private final CaseSurveys surveys;
    private final SurveyReviews reviews;

    public SurveyController(CaseSurveys surveys, SurveyReviews reviews) {
        this.surveys = surveys;
        this.reviews = reviews;
    }

    @Get("/cases/{id}/survey")
    @Operation(summary = "The case's latest satisfaction survey",
            description = "For its requester and the case's agents and supervisors (others → 403; not the caller's case → 404; "
                    + "none offered → 404). Answers included once given.")
    public SurveyView get(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request, @PathVariable String id,
                          Authentication auth) {
        UUID caseId = CaseService.uuid(id).orElseThrow(CaseProblems::notFound);
        return surveys.forCase(tenant, auth, caseId, Languages.preferred(request)).orElseThrow(CaseSurveys::noSurvey);
    }

    @Post(value = "/cases/{id}/survey", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer the case's survey (its requester)",
            description = "Once, while it is open. Missing required answers, values a question does not take or unknown "
                    + "questions → 422; answered or closed → 409.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Answers.class))))
    public SurveyView answer(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request, @PathVariable String id,
                             @Body String body, Authentication auth) {
        UUID caseId = CaseService.uuid(id).orElseThrow(CaseProblems::notFound);
        Answers a = CaseController.read(CaseController.parse(body), Answers.class);
        return surveys.answer(tenant, auth, caseId, a.answers() == null ? Map.of() : a.answers(),
                Languages.preferred(request));
    }

    @Get("/survey-reviews")
    @Operation(summary = "The novedades waiting for the caller's review",
            description = "Answers that report a problem, for the agent who signed the solution or rejection and the "
                    + "supervisors working the case.")
    public List<SurveyView.Review> pending(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                           Authentication auth) {
        return reviews.pending(tenant, auth, Languages.preferred(request));
    }

    @Post(value = "/survey-reviews/{surveyId}", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide a novedad: reopen (extend the solution), ask for a new case, or close with a note",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Decision.class))))
    public SurveyView.Review decide(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                    @PathVariable String surveyId, @Body String body, Authentication auth) {
        UUID id = CaseService.uuid(surveyId).orElseThrow(SurveyReviews::notFound);
        Decision d = CaseController.read(CaseController.parse(body), Decision.class);
        return reviews.decide(tenant, auth, id, d.outcome(), d.note(), Languages.preferred(request));
    }
}
