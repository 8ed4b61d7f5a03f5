package co.mesa.tenantconfig;

import java.util.List;
import java.util.stream.Collectors;

/** Tenant data that failed validation; the message lists every problem, one per line. */
public class InvalidTenantConfigException extends RuntimeException {

    private final transient List<ConfigProblem> problems;

    public InvalidTenantConfigException(String tenant, List<ConfigProblem> problems) {
        super("Invalid tenant data for '" + tenant + "':\n  "
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
