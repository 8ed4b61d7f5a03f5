package co.mesa.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The agent list and "Mis casos": one row per case with Función Pública's columns, and the home counters. */
public final class QueueView {

    private QueueView() {
    }

    /**
     * A row: Código, Estado, Fecha de registro, Fecha estimada resolución, Título, Categoría,
     * Descripción (first 300 characters), Técnico, Notificado por, Grupo, Calificada, Solución para el usuario,
     * Última actualización.
     */
    @Serdeable
    @Schema(name = "QueueRow")
    public record Row(String id, String code, CaseView.Ref state, @Nullable CaseView.Ref substate, Instant createdAt,
                      @Nullable Instant resolutionDueAt, boolean expired, boolean paused, String title,
                      @Nullable CaseView.Ref category, String description, @Nullable CaseView.PersonRef technician,
                      CaseView.PersonRef notifiedBy, @Nullable CaseView.Ref group,
                      @Schema(description = "Calificada: whether the requester answered the case's satisfaction survey") @Nullable Boolean rated,
                      @Nullable String solution,
                      @Schema(description = "When the case last changed") Instant updatedAt,
                      @Schema(description = "When a solved case closes by itself if the requester does not answer (issue 20)")
                      @Nullable Instant autoClosesAt,
                      @Schema(description = "Whether the case is a major incident (issue 20); agents' lists only")
                      @Nullable Boolean major) {

        /** Without the major mark (issue 20 added it). */
        public Row(String id, String code, CaseView.Ref state, @Nullable CaseView.Ref substate, Instant createdAt,
                   @Nullable Instant resolutionDueAt, boolean expired, boolean paused, String title,
                   @Nullable CaseView.Ref category, String description, @Nullable CaseView.PersonRef technician,
                   CaseView.PersonRef notifiedBy, @Nullable CaseView.Ref group, @Nullable Boolean rated,
                   @Nullable String solution, Instant updatedAt, @Nullable Instant autoClosesAt) {
            this(id, code, state, substate, createdAt, resolutionDueAt, expired, paused, title, category, description,
                    technician, notifiedBy, group, rated, solution, updatedAt, autoClosesAt, null);
        }
    }

    /** A page; {@code next} is the opaque cursor of the following page, null on the last one. */
    @Serdeable
    @Schema(name = "QueuePage")
    public record Page(List<Row> items, @Nullable String next) {
    }

    /** One counter of the agent home: how many, and the queue query that lists exactly them. */
    @Serdeable
    @Schema(name = "QueueCounter")
    public record Counter(long count, String query) {
    }

    /**
     * The agent home (Función Pública's guide §11): overview of open cases by state, first line,
     * assigned to me, my groups, under my supervision (supervisors only), expired.
     */
    @Serdeable
    @Schema(name = "QueueCounters")
    public record Counters(Map<String, Counter> overview, Counter firstLine, Counter assignedToMe, Counter myGroups,
                           @Nullable Counter underMySupervision, Counter expired) {
    }
}
