package co.mesa.console;

import co.mesa.notices.Notice;
import co.mesa.notices.NoticeService;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console home's section of notices for agents (issue 27, 002 §11 "Avisos / alertas para técnicos"), and the
 * day-and-time format their form uses: the entity's, day first ({@code 07/12/2026 18:00}), in the entity's zone.
 */
@Singleton
public class ConsoleNotices {

    /** How people in Colombia write a date and time; strict, so 31/02 is refused rather than moved. */
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter LENIENT_INPUT = DateTimeFormatter.ofPattern("d/M/uuuu H:mm")
            .withResolverStyle(ResolverStyle.STRICT);

    private final NoticeService notices;

    public ConsoleNotices(NoticeService notices) {
        this.notices = notices;
    }

    /** The section's model: the notices shown now, most important first, and whether this person posts them. */
    public Map<String, Object> section(PageShell.Page page, TenantContext tenant) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", rows(page, tenant.zone(), notices.shown(tenant)));
        out.put("canPost", NoticeService.poster(page.auth()));
        return out;
    }

    static List<Map<String, Object>> rows(PageShell.Page page, ZoneId zone, List<Notice> list) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Notice n : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id().toString());
            m.put("body", n.body());
            m.put("importance", n.importance().key());
            m.put("importanceLabel", page.t("console.notices.importance." + n.importance().key()));
            m.put("from", format(n.validFrom(), zone));
            m.put("until", format(n.validUntil(), zone));
            m.put("by", n.postedBy());
            m.put("withdrawn", n.withdrawnAt() != null);
            rows.add(m);
        }
        return rows;
    }

    static String format(Instant at, ZoneId zone) {
        return FORMAT.format(at.atZone(zone));
    }

    /** A typed day and time in the entity's zone; null when empty or not a real date and time. */
    static @Nullable Instant parse(@Nullable String typed, ZoneId zone) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(typed.strip(), LENIENT_INPUT).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
