package co.mesa.knowledge;

import co.mesa.identity.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is reading, as the audience rules need it: signed in or not, an agent or not, and the realm roles
 * and directory groups an article may be restricted to (like templates' audiences).
 */
public record Reader(boolean signedIn, boolean agent, Set<String> audiences) {

    public static final Reader ANONYMOUS = new Reader(false, false, Set.of());

    public Reader {
        audiences = Set.copyOf(audiences);
    }

    /** From a token or page session; {@code directoryGroups} are the person's groups as the directory knows them. */
    public static Reader of(@Nullable Authentication auth, Collection<String> directoryGroups) {
        if (auth == null) {
            return ANONYMOUS;
        }
        Set<String> audiences = new LinkedHashSet<>(auth.getRoles());
        for (String claim : List.of("groups", "mesaGroups")) {
            Object v = auth.getAttributes().get(claim);
            if (v instanceof Collection<?> c) {
                c.forEach(g -> audiences.add(String.valueOf(g)));
            } else if (v != null) {
                audiences.add(String.valueOf(v));
            }
        }
        audiences.addAll(directoryGroups);
        boolean agent = auth.getRoles().contains(Roles.AGENT) || auth.getRoles().contains(Roles.SUPERVISOR);
        return new Reader(true, agent, audiences);
    }

    /** Whether this reader may read a published article of this audience. */
    public boolean mayRead(Article a) {
        if (a.state() != Article.ArticleState.PUBLISHED) {
            return false;
        }
        boolean audienceOk = switch (a.audience()) {
            case PUBLIC -> true;
            case STAFF -> signedIn;
            case AGENTS -> agent;
        };
        return audienceOk && (a.audienceGroups().isEmpty() || agent
                || a.audienceGroups().stream().anyMatch(audiences::contains));
    }
}
