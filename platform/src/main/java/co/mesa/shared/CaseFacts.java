package co.mesa.shared;

import co.mesa.tenantconfig.TenantConfig;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Objects;

/**
 * What is known of a case when a rule is chosen (SLA policy, routing rule). An unknown fact (null)
 * matches only a rule that does not ask about it, so a service-level question gets the policy that
 * applies to the service as such.
 */
public record CaseFacts(@Nullable String serviceLine, @Nullable String service, @Nullable String category,
                        @Nullable String caseType, @Nullable String site, @Nullable String priority,
                        java.util.Set<String> requesterGroups) {

    public CaseFacts {
        requesterGroups = requesterGroups == null ? java.util.Set.of() : java.util.Set.copyOf(requesterGroups);
    }

    /** Facts without the requester (SLA policies, the catalog's targets). */
    public CaseFacts(@Nullable String serviceLine, @Nullable String service, @Nullable String category,
                     @Nullable String caseType, @Nullable String site, @Nullable String priority) {
        this(serviceLine, service, category, caseType, site, priority, java.util.Set.of());
    }

    public static CaseFacts ofService(String serviceLine, String service, String priority) {
        return new CaseFacts(serviceLine, service, null, null, null, priority);
    }

    /**
     * Whether every list the condition names contains the matching fact; a site matches its
     * ancestors' keys; requester groups match when the requester is in at least one.
     */
    public boolean matches(TenantConfig.Match m, TenantConfig.Sites sites) {
        return in(m.serviceLines(), serviceLine) && in(m.services(), service) && in(m.categories(), category)
                && in(m.caseTypes(), caseType) && in(m.priorities(), priority) && siteIn(m.sites(), sites)
                && (m.requesterGroups().isEmpty() || m.requesterGroups().stream().anyMatch(requesterGroups::contains));
    }

    private static boolean in(List<String> allowed, String fact) {
        return allowed.isEmpty() || (fact != null && allowed.contains(fact));
    }

    private boolean siteIn(List<String> allowed, TenantConfig.Sites sites) {
        if (allowed.isEmpty()) {
            return true;
        }
        if (site == null) {
            return false;
        }
        return sites.sites().stream().anyMatch(root -> withinAllowed(root, allowed, false));
    }

    /** Walks down the tree; once under an allowed site, finding this case's site is a match. */
    private boolean withinAllowed(TenantConfig.Site node, List<String> allowed, boolean underAllowed) {
        boolean under = underAllowed || allowed.contains(node.key());
        if (under && Objects.equals(node.key(), site)) {
            return true;
        }
        return node.children().stream().anyMatch(child -> withinAllowed(child, allowed, under));
    }
}
