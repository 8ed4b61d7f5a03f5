package co.mesa.tenant;

import co.mesa.tenantconfig.ConfigKind;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** What one import of a tenant folder did: which kinds it applied, which it refused and why. */
@Serdeable
public record ImportReport(String slug, Outcome outcome, List<ConfigKind> applied, Map<ConfigKind, String> refused,
                           List<String> problems) {

    /** The result of importing one folder. */
    public enum Outcome {
        /** The folder's content hash equals the last import: nothing was written. */
        UNCHANGED,
        /** Every changed kind was applied. */
        IMPORTED,
        /** Some kinds were applied; others were refused because administrators edited them live. */
        PARTIAL,
        /** Nothing was applied: the folder, or the folder merged with live edits, is invalid. */
        INVALID
    }

    public String describe() {
        StringBuilder s = new StringBuilder(slug).append(": ").append(outcome);
        if (!applied.isEmpty()) {
            s.append("; applied ").append(applied);
        }
        refused.forEach((kind, why) -> s.append("; refused ").append(kind).append(": ").append(why));
        problems.forEach(p -> s.append("; ").append(p));
        return s.toString();
    }
}
