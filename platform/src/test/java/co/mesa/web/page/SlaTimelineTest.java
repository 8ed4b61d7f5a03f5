package co.mesa.web.page;

import co.mesa.shared.Messages;
import co.mesa.sla.TargetWords;
import co.mesa.ticket.SlaView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA explained on the case pages (issue 20): what the partial shows from the spans {@code sla/}
 * computed, a closed case's outcome instead of a pause, and targets of whole business days in days.
 * Pure: the page texts are the real bundles.
 */
class SlaTimelineTest {

    static final Instant NINE = Instant.parse("2026-11-23T14:00:00Z");
    static final Messages PLATFORM = new Messages();
    static final PageMessages PAGES = new PageMessages();

    static TargetWords.Texts page(String lang) {
        Locale locale = Locale.forLanguageTag(lang);
        Map<String, String> texts = PAGES.of(List.of("base"), locale);
        return (key, args) -> PAGES.get(texts, locale, key, args);
    }

    static TargetWords.Texts platform(String lang) {
        Locale locale = Locale.forLanguageTag(lang);
        return (key, args) -> PLATFORM.get(locale, key, args);
    }

    static Instant h(double hours) {
        return NINE.plus(Duration.ofMinutes((long) (hours * 60)));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) m.get(key);
    }

    @Test
    void aPausedThenResumedCaseShowsItsThreeSpansAndHowThePauseMovedTheDueDate() {
        SlaView view = new SlaView("p", "Política", "cal", null, false, false, false,
                null,
                new SlaView.TargetView("PT2H30M", h(6.5), null, null, "RUNNING", "PT1H", null, h(2.5)),
                List.of(new SlaView.SpanView(NINE, h(1), true, "asignada", "Asignada"),
                        new SlaView.SpanView(h(1), h(5), false, "pendiente-respuesta-usuario", "Pendiente respuesta usuario"),
                        new SlaView.SpanView(h(5), null, true, "con-respuesta-del-usuario", "Con respuesta del usuario")));
        Map<String, Object> m = SlaTimeline.of(page("es-CO"), platform("es-CO"), view, null, h(5.5));
        List<Map<String, Object>> rows = list(m, "rows");
        assertThat(rows).extracting(r -> r.get("clock")).containsExactly("Corre", "Detenido", "Corre");
        assertThat(rows).extracting(r -> r.get("reason"))
                .containsExactly("Asignada", "Pendiente respuesta usuario", "Con respuesta del usuario");
        assertThat(rows).extracting(r -> r.get("length")).containsExactly("1 h", "4 h", "30 min");
        // Widths follow the wall time: 1 h, 4 h and 30 min of 5 h 30.
        assertThat(rows).extracting(r -> r.get("width")).containsExactly("18.2", "72.7", "9.1");
        assertThat(rows.get(2).get("ongoing")).isEqualTo(true);
        assertThat(m.get("pausedTotal")).isEqualTo("4 h");
        assertThat(m.get("paused")).isEqualTo(false);
        Map<String, Object> resolution = list(m, "targets").get(0);
        assertThat(resolution.get("name")).isEqualTo("Solución");
        assertThat(resolution.get("target")).isEqualTo("2 h 30 min hábiles");
        assertThat(resolution.get("dueWithoutPauses")).isEqualTo(h(2.5));
        assertThat(resolution.get("dueAt")).isEqualTo(h(6.5));
        assertThat(resolution.get("moved")).isEqualTo(true);
        assertThat(m.get("closed")).isEqualTo(false);
    }

    @Test
    void aClosedCaseShowsItsFinalOutcomeNeverAPause() {
        // Closed while its clock stood still ("Resuelta" stops it): the frozen SLA says paused; the page must not.
        Instant closed = h(8);
        SlaView frozen = new SlaView("p", "Política", "cal", null, true, false, true,
                new SlaView.TargetView("PT4H", h(4), null, h(1), "MET", null, null, h(4)),
                new SlaView.TargetView("PT135H", h(200), null, null, "PAUSED", "PT100H", 15, h(200)),
                List.of(new SlaView.SpanView(NINE, h(2), true, "asignada", "Asignada"),
                        new SlaView.SpanView(h(2), closed, false, "resuelta", "Resuelta"),
                        new SlaView.SpanView(closed, null, false, "cerrada", "Cerrada")));
        Map<String, Object> m = SlaTimeline.of(page("es-CO"), platform("es-CO"), frozen, closed, h(30));
        assertThat(m.get("paused")).isEqualTo(false);
        assertThat(m.get("closed")).isEqualTo(true);
        assertThat(m.get("outcome")).isEqualTo("Resultado final: dentro del ANS.");
        // The closing is the end of the picture, not one more span of a stopped clock.
        assertThat(list(m, "rows")).extracting(r -> r.get("reason")).containsExactly("Asignada", "Resuelta");
        assertThat(list(m, "rows")).extracting(r -> r.get("ongoing")).containsOnly(false);
        List<Map<String, Object>> targets = list(m, "targets");
        assertThat(targets).extracting(t -> t.get("status")).containsExactly("Cumplida", "Cerrado sin cumplirse");
        assertThat(targets).extracting(t -> t.get("status")).doesNotContain("Reloj detenido", "En pausa");
        assertThat(targets.get(1).get("target")).isEqualTo("15 días hábiles");
    }

    @Test
    void targetsOfWholeBusinessDaysReadAsDaysInBothLanguages() {
        assertThat(TargetWords.of(platform("es-CO"), "PT135H", 15)).isEqualTo("15 días hábiles");
        assertThat(TargetWords.of(platform("es-CO"), "PT9H", 1)).isEqualTo("1 día hábil");
        assertThat(TargetWords.of(platform("en"), "PT135H", 15)).isEqualTo("15 business days");
        // Stated in hours, it stays in hours even when it equals whole days of the calendar.
        assertThat(TargetWords.of(platform("es-CO"), "PT135H", null)).isEqualTo("135 horas hábiles");
        assertThat(TargetWords.of(platform("es-CO"), "PT2H30M", null)).isEqualTo("2 h 30 min hábiles");
        assertThat(TargetWords.of(platform("es-CO"), "PT45M", null)).isEqualTo("45 minutos hábiles");
        assertThat(TargetWords.of(platform("es-CO"), null, null)).isNull();
    }

    @Test
    void noPolicyNoTimeline() {
        assertThat(SlaTimeline.of(page("es-CO"), platform("es-CO"), null, null, NINE)).isNull();
        SlaView none = new SlaView(null, null, null, null, false, false, true, null, null, List.of());
        assertThat(SlaTimeline.of(page("es-CO"), platform("es-CO"), none, null, NINE)).isNull();
    }
}
