package co.mesa.tenant;

import co.mesa.tenant.internal.JsonChanges;
import co.mesa.testsupport.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonChangesTest {

    @Test
    void namesEachChangedAddedAndRemovedPointer() {
        var before = Json.parse("{\"a\":1,\"b\":{\"c\":[1,2]},\"gone\":true,\"x/y\":0}");
        var after = Json.parse("{\"a\":2,\"b\":{\"c\":[1]},\"new\":\"n\",\"x/y\":0}");
        assertThat(JsonChanges.between(before, after))
                .containsExactly("changed /a", "removed /b/c/1", "removed /gone", "added /new");
    }

    @Test
    void equalDocumentsHaveNoChanges() {
        var doc = Json.parse("{\"a\":[{\"k\":\"v\"}]}");
        assertThat(JsonChanges.between(doc, doc.deepCopy())).isEmpty();
    }
}
