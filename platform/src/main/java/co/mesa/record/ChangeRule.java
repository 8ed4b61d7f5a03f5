package co.mesa.record;

import java.util.Optional;

/**
 * The committee's rule as arithmetic (issue 27): how many approvals a rule needs out of the members, and the
 * decision once it is certain — approved when enough members approved, rejected as soon as enough rejected that
 * approval can no longer be reached ("all": one rejection; "any": every member rejecting).
 */
final class ChangeRule {

    private ChangeRule() {
    }

    static int needed(String rule, int members) {
        return switch (rule) {
            case "all" -> Math.max(members, 1);
            case "majority" -> members / 2 + 1;
            case "any" -> 1;
            default -> throw new IllegalArgumentException("unknown committee rule " + rule);
        };
    }

    /** True: approved; false: rejected; empty: not decided yet. */
    static Optional<Boolean> decision(String rule, int members, long approvals, long rejections) {
        int needed = needed(rule, members);
        if (approvals >= needed) {
            return Optional.of(true);
        }
        if (rejections > members - needed) {
            return Optional.of(false);
        }
        return Optional.empty();
    }
}
