package co.mesa.sla;

import co.mesa.sla.SlaClock.Mark;
import co.mesa.sla.SlaClock.Result;
import co.mesa.sla.SlaClock.Span;
import co.mesa.sla.SlaClock.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static co.mesa.sla.BusinessCalendarTest.OFFICE;
import static co.mesa.sla.BusinessCalendarTest.at;
import static org.assertj.core.api.Assertions.assertThat;

/** Due dates from a case's history, hand-computed on Mon–Fri 08:00–17:00 in Bogotá. Pure logic. */
class SlaClockTest {

    static final Instant MON_0900 = at("2026-11-23T09:00:00-05:00");
    static final Duration TWO_AND_A_HALF = Duration.parse("PT2H30M");

    static Result run(List<Mark> marks, List<Span> suspensions, Instant resolved, Instant now) {
        return SlaClock.compute(OFFICE, MON_0900, marks, suspensions, Duration.ofHours(1), TWO_AND_A_HALF, null,
                resolved, 80, now);
    }

    static Mark running(String at, String reason) {
        return new Mark(at(at), false, reason);
    }

    static Mark stopped(String at, String reason) {
        return new Mark(at(at), true, reason);
    }

    @Test
    void aRunningClockGivesDueDatesWarningAndTheTimeLeft() {
        Result r = run(List.of(running("2026-11-23T09:00:00-05:00", "asignada")), List.of(), null,
                at("2026-11-23T10:00:00-05:00"));
        assertThat(r.resolution().dueAt()).isEqualTo(at("2026-11-23T11:30:00-05:00"));
        assertThat(r.resolution().status()).isEqualTo(Status.RUNNING);
        assertThat(r.resolution().remaining()).isEqualTo(Duration.ofMinutes(90));
        // 80 % of 2 h 30 = 2 h.
        assertThat(r.resolution().warnAt()).isEqualTo(at("2026-11-23T11:00:00-05:00"));
        // The response target (1 h) is already due at 10:00: breached, nothing answered it.
        assertThat(r.response().status()).isEqualTo(Status.BREACHED);
        assertThat(r.nextCheck()).isEqualTo(at("2026-11-23T11:00:00-05:00"));
        assertThat(r.expired()).isFalse();
    }

    @Test
    void timeInAClockStoppingSubstateMovesTheDueDate() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"),
                stopped("2026-11-23T10:00:00-05:00", "pendiente-respuesta-usuario"),
                running("2026-11-23T14:00:00-05:00", "con-respuesta-del-usuario"));
        Result r = run(marks, List.of(), null, at("2026-11-23T14:30:00-05:00"));
        // 1 h before the pause, 1 h 30 after it: 14:00 + 1 h 30 = 15:30.
        assertThat(r.resolution().dueAt()).isEqualTo(at("2026-11-23T15:30:00-05:00"));
        assertThat(r.timeline()).extracting(Span::counted).containsExactly(true, false, true);
        assertThat(r.timeline().get(1).reason()).isEqualTo("pendiente-respuesta-usuario");
        // The same history where that substate does not stop the clock (a flag changed): due at 11:30.
        List<Mark> unflagged = List.of(running("2026-11-23T09:00:00-05:00", "asignada"),
                running("2026-11-23T10:00:00-05:00", "pendiente-respuesta-usuario"),
                running("2026-11-23T14:00:00-05:00", "con-respuesta-del-usuario"));
        assertThat(run(unflagged, List.of(), null, at("2026-11-23T10:30:00-05:00")).resolution().dueAt())
                .isEqualTo(at("2026-11-23T11:30:00-05:00"));
    }

    @Test
    void aPausedThenResumedCaseHasThreeSpansAndItsDueDateMovedByThePause() {
        // The case page's timeline (issue 20): running 09:00–10:00, waiting for the requester 10:00–14:00,
        // running again from 14:00. Without the pause it was due at 11:30; the 4 h pause moved it to 15:30.
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"),
                stopped("2026-11-23T10:00:00-05:00", "pendiente-respuesta-usuario"),
                running("2026-11-23T14:00:00-05:00", "con-respuesta-del-usuario"));
        Result r = run(marks, List.of(), null, at("2026-11-23T14:30:00-05:00"));
        assertThat(r.timeline()).containsExactly(
                new Span(at("2026-11-23T09:00:00-05:00"), at("2026-11-23T10:00:00-05:00"), true, "asignada"),
                new Span(at("2026-11-23T10:00:00-05:00"), at("2026-11-23T14:00:00-05:00"), false,
                        "pendiente-respuesta-usuario"),
                new Span(at("2026-11-23T14:00:00-05:00"), null, true, "con-respuesta-del-usuario"));
        assertThat(r.resolution().dueWithoutPauses()).isEqualTo(at("2026-11-23T11:30:00-05:00"));
        assertThat(r.resolution().dueAt()).isEqualTo(at("2026-11-23T15:30:00-05:00"));
        assertThat(r.paused()).isFalse();
    }

    @Test
    void whilePausedTheCaseShowsTheBusinessTimeItHasLeftAndNoDueDate() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"),
                stopped("2026-11-23T10:00:00-05:00", "pendiente-proveedor-externo"));
        Result r = run(marks, List.of(), null, at("2026-11-25T16:00:00-05:00"));
        assertThat(r.paused()).isTrue();
        assertThat(r.resolution().status()).isEqualTo(Status.PAUSED);
        assertThat(r.resolution().dueAt()).isNull();
        assertThat(r.resolution().remaining()).isEqualTo(Duration.ofMinutes(90));
        assertThat(r.timeline().get(1).end()).isNull();
        assertThat(r.nextCheck()).isNull();
    }

    @Test
    void theEntitysSuspensionDoesNotCountEvenAcrossTheCasesOwnSpans() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"));
        Span suspension = new Span(at("2026-11-23T09:30:00-05:00"), at("2026-11-23T10:30:00-05:00"), false, "suspension");
        Result r = run(marks, List.of(suspension), null, at("2026-11-23T10:45:00-05:00"));
        assertThat(r.resolution().dueAt()).isEqualTo(at("2026-11-23T12:30:00-05:00"));
        assertThat(r.timeline()).extracting(Span::reason).containsExactly("asignada", "suspension", "asignada");
        // An open suspension pauses every open case.
        Span open = new Span(at("2026-11-23T09:30:00-05:00"), null, false, "suspension");
        assertThat(run(marks, List.of(open), null, at("2026-11-23T15:00:00-05:00")).resolution().status())
                .isEqualTo(Status.PAUSED);
    }

    @Test
    void aSolutionInTimeIsMetAndALateOneLeavesTheCaseExpired() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"));
        Result inTime = run(marks, List.of(), at("2026-11-23T11:00:00-05:00"), at("2026-11-24T09:00:00-05:00"));
        assertThat(inTime.resolution().status()).isEqualTo(Status.MET);
        assertThat(inTime.expired()).isFalse();
        Result late = run(marks, List.of(), at("2026-11-23T15:00:00-05:00"), at("2026-11-24T09:00:00-05:00"));
        assertThat(late.resolution().status()).isEqualTo(Status.BREACHED);
        assertThat(late.resolution().dueAt()).isEqualTo(at("2026-11-23T11:30:00-05:00"));
        assertThat(late.expired()).isTrue();
    }

    @Test
    void pausesAcrossAWeekendCountOnlyTheirBusinessTime() {
        Instant fri = at("2026-11-27T16:00:00-05:00");
        List<Mark> marks = List.of(new Mark(fri, false, "asignada"),
                stopped("2026-11-27T16:30:00-05:00", "en-comite-tecnico-ti"),
                running("2026-11-30T09:00:00-05:00", "asignada"));
        Result r = SlaClock.compute(OFFICE, fri, marks, List.of(), null, TWO_AND_A_HALF, null, null, null,
                at("2026-11-30T09:05:00-05:00"));
        // Fri 16:00–16:30 counts 30 min; paused until Mon 09:00; 2 h more: Mon 11:00.
        assertThat(r.resolution().dueAt()).isEqualTo(at("2026-11-30T11:00:00-05:00"));
        assertThat(r.response()).isNull();
        assertThat(r.resolution().warnAt()).isNull();
    }

    // ---- the next check ------------------------------------------------------------------------

    @Test
    void theNextCheckIsTheEarliestWarningOrDueDateStillAhead() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"));
        // 09:10: the response warning (80 % of 1 h = 09:48) comes first.
        Result early = run(marks, List.of(), null, at("2026-11-23T09:10:00-05:00"));
        assertThat(early.response().status()).isEqualTo(Status.RUNNING);
        assertThat(early.response().warnAt()).isEqualTo(at("2026-11-23T09:48:00-05:00"));
        assertThat(early.response().remaining()).isEqualTo(Duration.ofMinutes(50));
        assertThat(early.nextCheck()).isEqualTo(at("2026-11-23T09:48:00-05:00"));
        // 09:50: that warning has passed; the response's due date (10:00) is next, before the resolution's warning.
        assertThat(run(marks, List.of(), null, at("2026-11-23T09:50:00-05:00")).nextCheck())
                .isEqualTo(at("2026-11-23T10:00:00-05:00"));
        // 11:10: only the resolution's due date (11:30) is ahead.
        assertThat(run(marks, List.of(), null, at("2026-11-23T11:10:00-05:00")).nextCheck())
                .isEqualTo(at("2026-11-23T11:30:00-05:00"));
    }

    @Test
    void theResolutionsWarningMayComeBeforeTheResponsesDueDate() {
        // A critical priority: answer within 1 h, solve within 1 h 30, warned at half time. At 09:40 the
        // response is due at 10:00, but the resolution's warning (09:45) comes first.
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"));
        Result r = SlaClock.compute(OFFICE, MON_0900, marks, List.of(), Duration.ofHours(1), Duration.ofMinutes(90),
                null, null, 50, at("2026-11-23T09:40:00-05:00"));
        assertThat(r.response().dueAt()).isEqualTo(at("2026-11-23T10:00:00-05:00"));
        assertThat(r.resolution().warnAt()).isEqualTo(at("2026-11-23T09:45:00-05:00"));
        assertThat(r.nextCheck()).isEqualTo(at("2026-11-23T09:45:00-05:00"));
    }

    @Test
    void aTargetAlreadyMetIsNoLongerChecked() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"));
        // Answered at 09:30, its due date 10:00 still ahead: the next check is the resolution's warning.
        Result r = SlaClock.compute(OFFICE, MON_0900, marks, List.of(), Duration.ofHours(1), TWO_AND_A_HALF,
                at("2026-11-23T09:30:00-05:00"), null, 80, at("2026-11-23T09:45:00-05:00"));
        assertThat(r.response()).isEqualTo(new SlaClock.Target(Duration.ofHours(1), at("2026-11-23T10:00:00-05:00"), null,
                at("2026-11-23T09:30:00-05:00"), Status.MET, null, at("2026-11-23T10:00:00-05:00")));
        assertThat(r.nextCheck()).isEqualTo(at("2026-11-23T11:00:00-05:00"));
    }

    @Test
    void withoutAWarningShareThereIsNoWarning() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"));
        Instant now = at("2026-11-23T09:10:00-05:00");
        Result none = SlaClock.compute(OFFICE, MON_0900, marks, List.of(), Duration.ofHours(1), TWO_AND_A_HALF, null, null,
                null, now);
        assertThat(none.response().warnAt()).isNull();
        assertThat(none.resolution().warnAt()).isNull();
        assertThat(none.nextCheck()).isEqualTo(at("2026-11-23T10:00:00-05:00"));
        Result zero = SlaClock.compute(OFFICE, MON_0900, marks, List.of(), Duration.ofHours(1), TWO_AND_A_HALF, null, null,
                0, now);
        assertThat(zero.resolution().warnAt()).isNull();
        assertThat(zero.resolution().dueAt()).isEqualTo(at("2026-11-23T11:30:00-05:00"));
    }

    @Test
    void withoutAResolutionTargetACaseNeverExpires() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"));
        Result r = SlaClock.compute(OFFICE, MON_0900, marks, List.of(), Duration.ofHours(1), null, null, null, 80,
                at("2026-11-24T09:00:00-05:00"));
        assertThat(r.resolution()).isNull();
        assertThat(r.response().status()).isEqualTo(Status.BREACHED);
        assertThat(r.expired()).isFalse();
        assertThat(r.nextCheck()).isNull();
    }

    // ---- paused and met ------------------------------------------------------------------------

    @Test
    void aPauseAfterTheTimeRanOutLeavesTheTargetBreachedWithNothingLeft() {
        // Running 09:00–12:00 (3 h) and then waiting for a vendor: the 2 h 30 ran out at 11:30.
        List<Mark> late = List.of(running("2026-11-23T09:00:00-05:00", "asignada"),
                stopped("2026-11-23T12:00:00-05:00", "pendiente-proveedor-externo"));
        Result r = run(late, List.of(), null, at("2026-11-23T14:00:00-05:00"));
        assertThat(r.paused()).isTrue();
        assertThat(r.resolution()).isEqualTo(new SlaClock.Target(TWO_AND_A_HALF, at("2026-11-23T11:30:00-05:00"), null, null,
                Status.BREACHED, Duration.ZERO, at("2026-11-23T11:30:00-05:00")));
        assertThat(r.expired()).isTrue();
        // Paused exactly when the time ran out: nothing is left either.
        List<Mark> onTheDot = List.of(running("2026-11-23T09:00:00-05:00", "asignada"),
                stopped("2026-11-23T11:30:00-05:00", "pendiente-proveedor-externo"));
        Result exact = run(onTheDot, List.of(), null, at("2026-11-23T14:00:00-05:00"));
        assertThat(exact.resolution().status()).isEqualTo(Status.BREACHED);
        assertThat(exact.resolution().remaining()).isZero();
    }

    @Test
    void aMetTargetCountsOnlyThePausesBeforeTheSolution() {
        // Waiting for the user 10:00–11:00; the entity is suspended 11:30–13:00; the agent signs the
        // solution at 12:00, during the suspension (Resuelta stops the clock).
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"),
                stopped("2026-11-23T10:00:00-05:00", "pendiente-respuesta-usuario"),
                running("2026-11-23T11:00:00-05:00", "con-respuesta-del-usuario"),
                stopped("2026-11-23T12:00:00-05:00", "resuelta"));
        Span suspension = new Span(at("2026-11-23T11:30:00-05:00"), at("2026-11-23T13:00:00-05:00"), false, "suspension");
        Result r = run(marks, List.of(suspension), at("2026-11-23T12:00:00-05:00"), at("2026-11-24T09:00:00-05:00"));
        // 09:00–10:00 and 11:00–11:30 count 1 h 30; the suspension counts only until the solution at
        // 12:00, so the last hour runs 12:00–13:00.
        assertThat(r.resolution().dueAt()).isEqualTo(at("2026-11-23T13:00:00-05:00"));
        assertThat(r.resolution().status()).isEqualTo(Status.MET);
        assertThat(r.resolution().metAt()).isEqualTo(at("2026-11-23T12:00:00-05:00"));
        assertThat(r.expired()).isFalse();
        assertThat(r.timeline()).containsExactly(
                new Span(at("2026-11-23T09:00:00-05:00"), at("2026-11-23T10:00:00-05:00"), true, "asignada"),
                new Span(at("2026-11-23T10:00:00-05:00"), at("2026-11-23T11:00:00-05:00"), false, "pendiente-respuesta-usuario"),
                new Span(at("2026-11-23T11:00:00-05:00"), at("2026-11-23T11:30:00-05:00"), true, "con-respuesta-del-usuario"),
                suspension,
                new Span(at("2026-11-23T13:00:00-05:00"), null, false, "resuelta"));
    }

    // ---- the timeline --------------------------------------------------------------------------

    @Test
    void repeatedMarksOfOnePositionMakeOneSpan() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"),
                running("2026-11-23T10:00:00-05:00", "asignada"),
                stopped("2026-11-23T11:00:00-05:00", "pendiente-proveedor-externo"),
                stopped("2026-11-23T11:30:00-05:00", "pendiente-proveedor-externo"),
                running("2026-11-23T12:00:00-05:00", "asignada"));
        assertThat(SlaClock.timeline(MON_0900, marks, List.of())).containsExactly(
                new Span(at("2026-11-23T09:00:00-05:00"), at("2026-11-23T11:00:00-05:00"), true, "asignada"),
                new Span(at("2026-11-23T11:00:00-05:00"), at("2026-11-23T12:00:00-05:00"), false, "pendiente-proveedor-externo"),
                new Span(at("2026-11-23T12:00:00-05:00"), null, true, "asignada"));
    }

    @Test
    void aPositionLeftInTheSameInstantItWasReachedLeavesNoSpan() {
        // Assigned and asked a question in the same second: only the question's substate lasted.
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "nueva"),
                running("2026-11-23T10:00:00-05:00", "asignada"),
                stopped("2026-11-23T10:00:00-05:00", "pendiente-respuesta-usuario"));
        assertThat(SlaClock.timeline(MON_0900, marks, List.of())).containsExactly(
                new Span(at("2026-11-23T09:00:00-05:00"), at("2026-11-23T10:00:00-05:00"), true, "nueva"),
                new Span(at("2026-11-23T10:00:00-05:00"), null, false, "pendiente-respuesta-usuario"));
    }

    @Test
    void nothingCountsBeforeTheFilingNeitherAMarkNorASuspension() {
        // A mark a few minutes early (clocks differ) and a suspension that began before the case was filed.
        List<Mark> marks = List.of(running("2026-11-23T08:55:00-05:00", "nueva"));
        Span suspension = new Span(at("2026-11-23T08:00:00-05:00"), at("2026-11-23T09:30:00-05:00"), false, "suspension");
        assertThat(SlaClock.timeline(MON_0900, marks, List.of(suspension))).containsExactly(
                new Span(MON_0900, at("2026-11-23T09:30:00-05:00"), false, "suspension"),
                new Span(at("2026-11-23T09:30:00-05:00"), null, true, "nueva"));
        // A suspension over before the filing changes nothing.
        Span earlier = new Span(at("2026-11-23T07:00:00-05:00"), at("2026-11-23T08:00:00-05:00"), false, "suspension");
        assertThat(SlaClock.timeline(MON_0900, marks, List.of(earlier))).containsExactly(
                new Span(MON_0900, null, true, "nueva"));
    }

    @Test
    void aSuspensionCutsOnlyTheSpansItOverlaps() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "nueva"),
                running("2026-11-23T10:00:00-05:00", "asignada"),
                running("2026-11-23T12:00:00-05:00", "en-atencion"));
        Span suspension = new Span(at("2026-11-23T10:30:00-05:00"), at("2026-11-23T11:00:00-05:00"), false, "suspension");
        assertThat(SlaClock.timeline(MON_0900, marks, List.of(suspension))).containsExactly(
                new Span(at("2026-11-23T09:00:00-05:00"), at("2026-11-23T10:00:00-05:00"), true, "nueva"),
                new Span(at("2026-11-23T10:00:00-05:00"), at("2026-11-23T10:30:00-05:00"), true, "asignada"),
                suspension,
                new Span(at("2026-11-23T11:00:00-05:00"), at("2026-11-23T12:00:00-05:00"), true, "asignada"),
                new Span(at("2026-11-23T12:00:00-05:00"), null, true, "en-atencion"));
        // Ending exactly when the next position begins: no empty remainder of the one it cut.
        Span untilTen = new Span(at("2026-11-23T09:30:00-05:00"), at("2026-11-23T10:00:00-05:00"), false, "suspension");
        assertThat(SlaClock.timeline(MON_0900, marks, List.of(untilTen))).containsExactly(
                new Span(at("2026-11-23T09:00:00-05:00"), at("2026-11-23T09:30:00-05:00"), true, "nueva"),
                untilTen,
                new Span(at("2026-11-23T10:00:00-05:00"), at("2026-11-23T12:00:00-05:00"), true, "asignada"),
                new Span(at("2026-11-23T12:00:00-05:00"), null, true, "en-atencion"));
    }

    @Test
    void anOpenSuspensionReplacesEverythingAfterItsStart() {
        List<Mark> marks = List.of(running("2026-11-23T09:00:00-05:00", "asignada"),
                stopped("2026-11-23T10:00:00-05:00", "pendiente-proveedor-externo"));
        Span open = new Span(at("2026-11-23T09:30:00-05:00"), null, false, "suspension");
        assertThat(SlaClock.timeline(MON_0900, marks, List.of(open))).containsExactly(
                new Span(at("2026-11-23T09:00:00-05:00"), at("2026-11-23T09:30:00-05:00"), true, "asignada"),
                open);
    }
}
