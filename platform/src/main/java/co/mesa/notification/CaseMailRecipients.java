package co.mesa.notification;

import co.mesa.ticket.CaseMailFacts;
import io.micronaut.core.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Who a case's mail goes to: the tenant's recipient roles of an event, each address once. */
final class CaseMailRecipients {

    private CaseMailRecipients() {
    }

    /** Addresses for the tenant's recipient roles of this event; each once; people without an address skipped. */
    static Map<String, CaseMailFacts.Person> of(String topic, List<String> roles, CaseMailFacts.Facts f) {
        Map<String, CaseMailFacts.Person> out = new LinkedHashMap<>();
        for (String role : roles) {
            switch (role) {
                case "requester" -> add(out, f.requester());
                case "assignee" -> add(out, f.assignee());
                case "supervisor" -> f.supervisors().forEach(p -> add(out, p));
                case "group" -> f.groupMembers().forEach(p -> add(out, p));
                case "informed" -> f.informed().stream().filter(i -> wants(topic, i)).forEach(i -> add(out, i.person()));
                default -> { }
            }
        }
        return out;
    }

    /** An informed user's per-event flags (creation, actions, resolution, closure; 002 §14.2). */
    static boolean wants(String topic, CaseMailFacts.Informed i) {
        return switch (topic) {
            case "caseCreated" -> i.creation();
            case "caseResolved" -> i.resolution();
            case "caseClosed", "caseRejected" -> i.closure();
            case "slaWarning", "slaBreached" -> false;
            default -> i.actions();
        };
    }

    private static void add(Map<String, CaseMailFacts.Person> out, @Nullable CaseMailFacts.Person p) {
        if (p != null && p.email() != null && !p.email().isBlank()) {
            out.putIfAbsent(p.email().toLowerCase(Locale.ROOT), p);
        }
    }
}
