package co.mesa.ticket;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The one declaration of each action kind: its form's fields and where its events sit in a case's history. */
class ActionKindTest {

    @Test
    void eachEventKindSitsInTheSectionTheConsoleHasAlwaysShownItIn() {
        Map<ActionKind.Section, Set<String>> expected = Map.of(
                ActionKind.Section.QUESTIONS, Set.of("question", "answer", "technicianResponse"),
                ActionKind.Section.NOTES, Set.of("firstResponse", "internalNote", "publishedAction", "substateChange",
                        "stateChange", "changeCategory", "changePriority", "notify", "emailComment"),
                ActionKind.Section.ESCALATIONS, Set.of("escalate", "reassign", "assigned", "assignment"),
                ActionKind.Section.CLOSURE, Set.of("signSolution", "firstLineSolution", "confirmSolution",
                        "refuseSolution", "autoClose", "reject"));
        expected.forEach((section, kinds) -> kinds.forEach(kind ->
                assertThat(ActionKind.Section.ofEvent(kind)).as(kind).contains(section)));
        assertThat(ActionKind.Section.ofEvent("linkCase")).isEmpty();
        assertThat(ActionKind.Section.ofEvent("created")).isEmpty();
        assertThat(ActionKind.Section.ofEvent(null)).isEmpty();
    }

    @Test
    void formsAskForTheFieldsTheirActionReads() {
        assertThat(ActionKind.SUBSTATE_CHANGE.fields()).containsExactly(ActionKind.Field.SUBSTATE);
        assertThat(ActionKind.STATE_CHANGE.fields()).containsExactly(ActionKind.Field.TRANSITION);
        assertThat(ActionKind.ESCALATE.fields()).containsExactly(ActionKind.Field.GROUP, ActionKind.Field.AGENT);
        assertThat(ActionKind.REASSIGN.fields()).containsExactly(ActionKind.Field.GROUP, ActionKind.Field.AGENT);
        assertThat(ActionKind.CHANGE_CATEGORY.fields()).containsExactly(ActionKind.Field.CATEGORY);
        assertThat(ActionKind.CHANGE_PRIORITY.fields()).containsExactly(ActionKind.Field.PRIORITY);
        assertThat(ActionKind.LINK_CASE.fields()).containsExactly(ActionKind.Field.RELATED_CASE);
        assertThat(ActionKind.REJECT.fields()).containsExactly(ActionKind.Field.RELATED_CASE, ActionKind.Field.DUPLICATE);
        List<ActionKind> noteOnly = Arrays.stream(ActionKind.values()).filter(k -> k.fields().isEmpty()).toList();
        assertThat(noteOnly.stream().map(ActionKind::key).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "firstResponse", "question", "answer", "technicianResponse", "publishedAction", "internalNote",
                "signSolution", "firstLineSolution", "confirmSolution", "refuseSolution");
    }

    @Test
    void everyKindIsFoundByItsKeyAndNothingElseIs() {
        for (ActionKind k : ActionKind.values()) {
            assertThat(ActionKind.of(k.key())).isEqualTo(Optional.of(k));
        }
        assertThat(ActionKind.of("notify")).isEmpty();
        assertThat(ActionKind.of(null)).isEmpty();
    }
}
