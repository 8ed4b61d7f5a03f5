package co.mesa.tenantconfig;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of tenant data: one file per kind in each tenant folder. */
public enum ConfigKind {
    TENANT("Tenant", "tenant"),
    CALENDARS("Calendars", "calendars"),
    SITES("Sites", "sites"),
    WORKFLOW("Workflow", "workflow"),
    CATALOG("Catalog", "catalog"),
    PRIORITIES("Priorities", "priorities"),
    GROUPS("Groups", "groups"),
    ROUTING("Routing", "routing"),
    SLA_POLICIES("SlaPolicies", "sla"),
    SETTINGS("Settings", "settings");

    private final String kindName;
    private final String baseName;

    ConfigKind(String kindName, String baseName) {
        this.kindName = kindName;
        this.baseName = baseName;
    }

    /** The value of the file's {@code kind:} field. */
    public String kindName() {
        return kindName;
    }

    public String fileName() {
        return baseName + ".yaml";
    }

    public String schemaResource() {
        return baseName + ".schema.json";
    }

    public static Optional<ConfigKind> byKindName(String kindName) {
        return Arrays.stream(values()).filter(k -> k.kindName.equals(kindName)).findFirst();
    }

    public static Optional<ConfigKind> byFileName(String fileName) {
        return Arrays.stream(values()).filter(k -> k.fileName().equals(fileName)).findFirst();
    }
}
