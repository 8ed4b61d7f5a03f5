package co.mesa.console;

import co.mesa.record.KnownErrorMatches;
import co.mesa.record.RecordService;
import co.mesa.record.RecordView;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseView;
import co.mesa.web.page.PageShell;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The case page's part about problems (issue 26): whether the entity keeps problems at all (so the "Problemas del
 * caso" link is not shown where it would be a 404), and the open known errors that match this case
 * ({@link KnownErrorMatches}) with their workaround, a link to the problem and a one-click "vincular".
 */
@Singleton
public class ConsoleCaseKnownErrors {

    private final KnownErrorMatches matches;

    public ConsoleCaseKnownErrors(KnownErrorMatches matches) {
        this.matches = matches;
    }

    /** The model entries: {@code problemsEnabled} and {@code knownErrors}. */
    public Map<String, Object> of(TenantContext tenant, PageShell.Page page, CaseView v) {
        Map<String, Object> m = new HashMap<>();
        boolean enabled = tenant.config().workflow().record(RecordService.PROBLEM).isPresent() && page.agent();
        m.put("problemsEnabled", enabled);
        m.put("changesEnabled", tenant.config().workflow().record(RecordService.CHANGE).isPresent() && page.agent());
        List<Map<String, Object>> offers = new ArrayList<>();
        if (enabled && v.closedAt() == null) {
            for (RecordView.Summary s : matches.forCase(tenant, page.auth(), UUID.fromString(v.id()), page.locale())) {
                Map<String, Object> o = new HashMap<>();
                o.put("id", s.id());
                o.put("code", s.code());
                o.put("title", s.title());
                o.put("workaround", s.workaround());
                offers.add(o);
            }
        }
        m.put("knownErrors", offers);
        return m;
    }
}
