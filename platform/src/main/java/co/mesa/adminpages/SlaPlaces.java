package co.mesa.adminpages;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * Where the SLA targets page shows what the tenant data's checks refuse (issue 21): a target's limits
 * (business days 1–365) next to the target's input, the warning's (1–99 %) next to the warning's, both
 * in the form's own words with what was typed.
 */
final class SlaPlaces {

    private SlaPlaces() {
    }

    static ProblemPlaces forPolicy(JsonNode doc, String policy, Map<String, String> form) {
        int index = CatalogEdits.indexOf(doc.path("policies"), policy);
        String targets = "/policies/" + index + "/targets";
        return problem -> {
            int t = ProblemPlaces.indexUnder(problem.path(), targets);
            if (index < 0 || t < 0) {
                return null;
            }
            String rest = ProblemPlaces.after(problem.path(), targets, t);
            for (String measure : List.of("response", "resolution")) {
                if (rest.equals(measure) || rest.startsWith(measure + "/")) {
                    return new ProblemPlaces.Placement(AdminSlaTargetsController.fieldId(policy, t, measure),
                            "admin.targets.error.range", CatalogEdits.text(form, "t" + t + "." + measure));
                }
            }
            return ProblemPlaces.Placement.at(AdminSlaTargetsController.fieldId(policy, t, "resolution"));
        };
    }

    static ProblemPlaces warning(Map<String, String> form) {
        return problem -> problem.path().startsWith("/warningPercent")
                ? new ProblemPlaces.Placement("aviso", "admin.targets.error.warning", CatalogEdits.text(form, "aviso"))
                : null;
    }
}
