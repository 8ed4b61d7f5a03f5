package co.mesa.onboarding;

import java.util.Map;

/** Valid onboarding bundles for tests outside this package (the operator pages' browser test). */
public final class TestBundles {

    private TestBundles() {
    }

    public static String freshSlug(String prefix) {
        return Bundles.freshSlug(prefix);
    }

    /** A zip of a valid bundle of {@code slug} (from the minimal fixture), files under {@code slug/}. */
    public static byte[] zip(String slug) {
        return Bundles.zip(slug, Bundles.files(slug));
    }

    public static Map<String, byte[]> files(String slug) {
        return Bundles.files(slug);
    }

    public static byte[] zip(String folder, Map<String, byte[]> files) {
        return Bundles.zip(folder, files);
    }
}
