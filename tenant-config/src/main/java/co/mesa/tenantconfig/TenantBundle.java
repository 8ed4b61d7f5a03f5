package co.mesa.tenantconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * One tenant's data as documents, one per kind, before or after validation: what a folder
 * holds, what an operator posts, what the database stores as a version.
 */
public record TenantBundle(String slug, Map<ConfigKind, JsonNode> documents) {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    public TenantBundle {
        EnumMap<ConfigKind, JsonNode> copy = new EnumMap<>(ConfigKind.class);
        copy.putAll(documents);
        documents = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Hash of one kind's content: key order and YAML comments do not count, so only a change
     * of meaning makes a new version.
     */
    public String hash(ConfigKind kind) {
        JsonNode node = documents.get(kind);
        return node == null ? "" : sha256(canonicalJson(node));
    }

    /** Hash of the whole bundle: the hashes of its kinds in a fixed order. */
    public String hash() {
        StringBuilder all = new StringBuilder();
        for (ConfigKind kind : ConfigKind.values()) {
            all.append(kind.name()).append('=').append(hash(kind)).append('\n');
        }
        return sha256(all.toString());
    }

    public static String canonicalJson(JsonNode node) {
        try {
            Object plain = CANONICAL.treeToValue(node, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise tenant document", e);
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
