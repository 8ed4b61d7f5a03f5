package co.mesa.record;

import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A change's facts (issue 27) checked and kept in the record's {@code details}: type, reason, services and sites
 * affected (the entity's catalog and sites), risk and impact, implementation and back-out plans, the planned window
 * (end after start), the work team and the linked problems. Every refusal names its field.
 */
final class ChangeDetails {

    static final List<String> TYPES = List.of("estandar", "normal", "emergencia");
    static final List<String> LEVELS = List.of("bajo", "medio", "alto");
    static final int MAX_ITEMS = 50;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private ChangeDetails() {
    }

    /** The details of a new change, every fact required but the lists. */
    static Map<String, Object> of(TenantContext tenant, ChangeRequests.NewChange r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", oneOf("type", r.type(), TYPES, true));
        d.put("reason", text("reason", r.reason(), true));
        d.put("services", services(tenant, r.services()));
        d.put("sites", sites(tenant, r.sites()));
        d.put("risk", oneOf("risk", r.risk(), LEVELS, true));
        d.put("impact", oneOf("impact", r.impact(), LEVELS, true));
        d.put("implementationPlan", text("implementationPlan", r.implementationPlan(), true));
        d.put("backoutPlan", text("backoutPlan", r.backoutPlan(), true));
        window(d, r.windowStart(), r.windowEnd());
        d.put("team", team(tenant, r.team()));
        d.put("problems", ids("problems", r.problems()));
        return d;
    }

    /** The given details with the edit's judged facts applied (absent ones stay); the window is checked whole. */
    static Map<String, Object> facts(TenantContext tenant, Map<String, Object> current, ChangeRequests.Edit e) {
        Map<String, Object> d = new LinkedHashMap<>(current);
        if (e.type() != null) {
            d.put("type", oneOf("type", e.type(), TYPES, true));
        }
        if (e.reason() != null) {
            d.put("reason", text("reason", e.reason(), true));
        }
        if (e.services() != null) {
            d.put("services", services(tenant, e.services()));
        }
        if (e.sites() != null) {
            d.put("sites", sites(tenant, e.sites()));
        }
        if (e.risk() != null) {
            d.put("risk", oneOf("risk", e.risk(), LEVELS, true));
        }
        if (e.impact() != null) {
            d.put("impact", oneOf("impact", e.impact(), LEVELS, true));
        }
        if (e.implementationPlan() != null) {
            d.put("implementationPlan", text("implementationPlan", e.implementationPlan(), true));
        }
        if (e.backoutPlan() != null) {
            d.put("backoutPlan", text("backoutPlan", e.backoutPlan(), true));
        }
        if (e.windowStart() != null || e.windowEnd() != null) {
            window(d, e.windowStart() == null ? (String) d.get("windowStart") : e.windowStart(),
                    e.windowEnd() == null ? (String) d.get("windowEnd") : e.windowEnd());
        }
        if (e.problems() != null) {
            d.put("problems", ids("problems", e.problems()));
        }
        return d;
    }

    /** Whether the edit touches a fact the committee judges. */
    static boolean judged(ChangeRequests.Edit e) {
        return e.type() != null || e.reason() != null || e.services() != null || e.sites() != null || e.risk() != null
                || e.impact() != null || e.implementationPlan() != null || e.backoutPlan() != null
                || e.windowStart() != null || e.windowEnd() != null || e.problems() != null;
    }

    @SuppressWarnings("unchecked")
    static ChangeView.Facts view(Map<String, Object> d) {
        Map<String, Object> team = (Map<String, Object>) d.getOrDefault("team", Map.of());
        return new ChangeView.Facts((String) d.get("type"), (String) d.get("reason"), list(d.get("services")),
                list(d.get("sites")), (String) d.get("risk"), (String) d.get("impact"), (String) d.get("implementationPlan"),
                (String) d.get("backoutPlan"), (String) d.get("windowStart"), (String) d.get("windowEnd"),
                list(team.get("agents")), list(team.get("groups")), list(d.get("problems")));
    }

    @SuppressWarnings("unchecked")
    static List<String> list(@Nullable Object o) {
        return o == null ? List.of() : List.copyOf((List<String>) o);
    }

    static Map<String, Object> team(TenantContext tenant, @Nullable ChangeRequests.Team t) {
        Map<String, Object> team = new LinkedHashMap<>();
        List<String> agents = t == null ? List.of() : ids("team.agents", t.agents());
        List<String> groups = new ArrayList<>();
        if (t != null && t.groups() != null) {
            for (String g : new LinkedHashSet<>(t.groups())) {
                if (g == null || tenant.config().groups().groups().stream().noneMatch(x -> x.key().equals(g))) {
                    throw RecordProblems.invalid("team.groups", "case.param.unknown", String.valueOf(g));
                }
                groups.add(g);
            }
        }
        team.put("agents", agents);
        team.put("groups", groups);
        return team;
    }

    private static void window(Map<String, Object> d, @Nullable String start, @Nullable String end) {
        Instant s = instant("windowStart", start);
        Instant e = instant("windowEnd", end);
        if (!e.isAfter(s)) {
            throw RecordProblems.invalid("windowEnd", "change.param.window-order");
        }
        d.put("windowStart", s.toString());
        d.put("windowEnd", e.toString());
    }

    private static Instant instant(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw RecordProblems.invalid(field, "case.param.required");
        }
        Instant at;
        try {
            at = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw RecordProblems.invalid(field, "change.param.instant");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw RecordProblems.invalid(field, "change.param.instant");
        }
        return at;
    }

    private static List<String> services(TenantContext tenant, @Nullable List<String> keys) {
        return known("services", keys, tenant.config().catalog().services().map(TenantConfig.Service::key).toList());
    }

    private static List<String> sites(TenantContext tenant, @Nullable List<String> keys) {
        return known("sites", keys, tenant.config().sites().all().map(TenantConfig.Site::key).toList());
    }

    private static List<String> known(String field, @Nullable List<String> keys, List<String> allowed) {
        if (keys == null) {
            return List.of();
        }
        if (keys.size() > MAX_ITEMS) {
            throw RecordProblems.invalid(field, "change.param.too-many", MAX_ITEMS);
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String k : keys) {
            if (k == null || !allowed.contains(k)) {
                throw RecordProblems.invalid(field, "case.param.unknown", String.valueOf(k));
            }
            out.add(k);
        }
        return List.copyOf(out);
    }

    static List<String> ids(String field, @Nullable List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_ITEMS) {
            throw RecordProblems.invalid(field, "change.param.too-many", MAX_ITEMS);
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String s : ids) {
            try {
                out.add(UUID.fromString(String.valueOf(s)).toString());
            } catch (IllegalArgumentException e) {
                throw RecordProblems.invalid(field, "case.param.type");
            }
        }
        return List.copyOf(out);
    }

    static String oneOf(String field, @Nullable String value, List<String> allowed, boolean required) {
        if (value == null || value.isBlank()) {
            throw RecordProblems.invalid(field, "case.param.required");
        }
        if (!allowed.contains(value)) {
            throw RecordProblems.invalid(field, "change.param.one-of", String.join(", ", allowed));
        }
        return value;
    }

    static String text(String field, @Nullable String value, boolean required) {
        if (value == null || value.isBlank()) {
            throw RecordProblems.invalid(field, "case.param.required");
        }
        String v = value.strip();
        if (v.length() > RecordRules.TEXT_MAX) {
            throw RecordProblems.invalid(field, "record.param.too-long", RecordRules.TEXT_MAX);
        }
        if (v.chars().anyMatch(ch -> ch == 0) || !StandardCharsets.UTF_8.newEncoder().canEncode(v)) {
            throw RecordProblems.invalid(field, "case.param.type");
        }
        return v;
    }
}
