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
}
