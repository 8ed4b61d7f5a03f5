package co.mesa.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The catalog as a caller sees it: labels resolved to the request's language, targets as business time. */
@Serdeable
@Schema(name = "Catalog", description = "The tenant's service lines, services, categories and the templates the caller may use")
public record CatalogView(
        @Schema(description = "Priority used for the targets shown, the tenant's defaultPriority") String priority,
        List<ServiceLineView> serviceLines,
        List<ServiceView> services) {

    @Serdeable
    @Schema(name = "ServiceLine")
    public record ServiceLineView(String key, String name, @Nullable String description,
                                  @Schema(description = "Keys of the services of this line, in order") List<String> services) {
    }

    @Serdeable
    @Schema(name = "Service")
    public record ServiceView(
            String key,
            String name,
            @Nullable String description,
            @Nullable String scope,
            @Nullable String availability,
            @Schema(description = "Key of the service line it belongs to") String serviceLine,
            @Schema(description = "Name of the service line it belongs to") String serviceLineName,
            List<CategoryView> categories,
            @Nullable @Schema(description = "Key of the SLA policy that applies at the default priority; null if none")
            String slaPolicy,
            @Nullable @Schema(description = "First-response target: ISO-8601 duration of business time; null when not measured",
                    example = "PT2H30M") String responseTarget,
            @Nullable @Schema(description = "Resolution target: ISO-8601 duration of business time (business days as "
                    + "their business hours: 3 days of 9 h = PT27H); null where it depends", example = "PT8H")
            String resolutionTarget,
            @Nullable @Schema(description = "Why a target is null (e.g. depends on the project)") String targetNote,
            List<TemplateView> templates,
            @Nullable @Schema(description = "Whole business days the response target was stated in; null when in hours")
            Integer responseDays,
            @Nullable @Schema(description = "Whole business days the resolution target was stated in; null when in hours")
            Integer resolutionDays) {
    }

    @Serdeable
    @Schema(name = "Category")
    public record CategoryView(String key, String name) {
    }

    @Serdeable
    @Schema(name = "Template", description = "A request form the caller may file")
    public record TemplateView(String key, String name, @Nullable String description, String caseType,
                               String category,
                               @Schema(description = "True when only some audiences may request it") boolean restricted,
                               List<FieldView> fields, List<AttachmentView> attachments) {
    }

    @Serdeable
    @Schema(name = "TemplateField")
    public record FieldView(String key, String label, @Nullable String help,
                            @Schema(allowableValues = {"text", "textarea", "number", "date", "email", "phone", "select",
                                    "multiselect", "checkbox", "user"}) String type,
                            boolean required, List<OptionView> options) {
    }

    @Serdeable
    @Schema(name = "FieldOption")
    public record OptionView(String key, String label) {
    }

    @Serdeable
    @Schema(name = "TemplateAttachment")
    public record AttachmentView(String key, String label, @Nullable String help, boolean required,
                                 @Schema(description = "Accepted media types; empty means the tenant's allowed types")
                                 List<String> accept) {
    }
}
