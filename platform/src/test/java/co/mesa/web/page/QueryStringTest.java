package co.mesa.web.page;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Page links: pairs in order, every name and value encoded, a copy independent of its original. */
class QueryStringTest {

    @Test
    void pairsKeepTheirOrderAndEveryValueIsEncoded() {
        QueryString q = QueryString.of().add("state", "en-proceso").add("q", "café & té=1").add("tier", null)
                .add("state", "abierto");
        assertThat(q.on("/consola/cola")).isEqualTo("/consola/cola?state=en-proceso&q=caf%C3%A9+%26+t%C3%A9%3D1&state=abierto");
    }

    @Test
    void aCopyGrowsWithoutChangingTheOriginal() {
        QueryString kept = QueryString.of().add("estado", "abiertos");
        String next = kept.copy().add("despues", "a/b?c").on("/mis-casos");
        assertThat(next).isEqualTo("/mis-casos?estado=abiertos&despues=a%2Fb%3Fc");
        assertThat(kept.on("/mis-casos")).isEqualTo("/mis-casos?estado=abiertos");
    }

    @Test
    void anEmptyQueryLeavesTheQuestionMarkAsThePagesAlwaysWroteIt() {
        assertThat(QueryString.of().isEmpty()).isTrue();
        assertThat(QueryString.of().on("/consola/cola")).isEqualTo("/consola/cola?");
        assertThat(QueryString.of().add("sort", "-code").on("/consola/cola")).isEqualTo("/consola/cola?sort=-code");
    }
}
