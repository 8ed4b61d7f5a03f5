package co.mesa.testsupport;

/**
 * The fast loop ({@code ./mvnw -B test -Pfast}) runs every test that needs no PostgreSQL, Keycloak or
 * browser: surefire leaves out the classes tagged {@code services} ({@link NeedsServices},
 * {@link NeedsKeycloak}) and sets {@code mesa.tests.fast}. A class that reaches for a real service
 * without that tag fails there at once, with this message, rather than quietly slowing the loop down.
 */
public final class FastTests {

    /** The system property the fast profile sets. */
    public static final String PROPERTY = "mesa.tests.fast";

    private FastTests() {
    }

    /** Throws when the fast loop runs and a test asks for {@code service}. */
    static void refuse(String service) {
        if (Boolean.getBoolean(PROPERTY)) {
            throw new IllegalStateException("The fast loop (-Pfast) runs only tests that need no PostgreSQL, Keycloak "
                    + "or browser, but this test started " + service + ": annotate its class @NeedsServices (or "
                    + "@NeedsKeycloak), so that the fast loop leaves it to ./mvnw -B verify");
        }
    }
}
