package co.mesa.ticket.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Events and outbox rows a create collects instead of writing each at once, so that
 * {@link CaseBatchWrites#writePending} writes them all in one statement (issue 32: a create's round
 * trips are most of its database time). Nothing reads these rows back inside the transaction
 * before they are written; the create writes them before it takes the code counter's lock.
 */
public final class PendingLog {

    /** One outbox row as {@link CaseStore#emit} would write it. */
    record Outbox(String topic, UUID caseId, Map<String, Object> payload, String dedupeKey, Instant at) {
    }

    final List<EventRow> events = new ArrayList<>();
    final List<Outbox> outbox = new ArrayList<>();

    public void event(EventRow e) {
        events.add(e);
    }

    public void outbox(String topic, UUID caseId, Map<String, Object> payload, String dedupeKey, Instant at) {
        outbox.add(new Outbox(topic, caseId, payload, dedupeKey, at));
    }

    public boolean isEmpty() {
        return events.isEmpty() && outbox.isEmpty();
    }
}
