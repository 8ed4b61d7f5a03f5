package co.mesa.ticket;

import co.mesa.tenant.ConfigGuard;
import co.mesa.tenantconfig.TenantConfig;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses new workflow data that drops a state any case is in, or a substate an open case is in:
 * those cases would have no place to be, and their SLA no clock flag.
 */
@Singleton
class WorkflowStatesInUse implements ConfigGuard {

    @Override
    public List<String> refusals(Connection c, TenantConfig proposed) throws SQLException {
        Set<String> states = proposed.workflow().states().stream().map(TenantConfig.State::key).collect(Collectors.toSet());
        Set<String> substates = proposed.workflow().substates().stream().map(TenantConfig.Substate::key)
                .collect(Collectors.toSet());
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM service_case GROUP BY state ORDER BY state")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!states.contains(rs.getString(1))) {
                        out.add("workflow.yaml: the state '" + rs.getString(1) + "' is dropped but " + rs.getLong(2)
                                + " case(s) are in it; keep it (you may stop offering its transitions)");
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT substate, count(*) FROM service_case "
                + "WHERE substate IS NOT NULL AND closed_at IS NULL GROUP BY substate ORDER BY substate")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!substates.contains(rs.getString(1))) {
                        out.add("workflow.yaml: the substate '" + rs.getString(1) + "' is dropped but " + rs.getLong(2)
                                + " open case(s) are in it");
                    }
                }
            }
        }
        return out;
    }
}
