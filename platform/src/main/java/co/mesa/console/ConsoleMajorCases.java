package co.mesa.console;

import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseMajor;
import co.mesa.web.page.PageShell;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console home's section of major incidents (003 §4.9.2, issue 20): how many open cases of the caller's list
 * are marked major, linking to the queue filtered to exactly them.
 */
@Singleton
public class ConsoleMajorCases {

    /** The queue's filter the count links to; the count is what it lists. */
    static final String HREF = "/consola/cola?major=true";

    private final CaseMajor major;

    public ConsoleMajorCases(CaseMajor major) {
        this.major = major;
    }

    /** The section's model: the count and its link. */
    public Map<String, Object> section(PageShell.Page page, TenantContext tenant) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", major.openCount(tenant, page.auth()));
        out.put("href", HREF);
        return out;
    }
}
