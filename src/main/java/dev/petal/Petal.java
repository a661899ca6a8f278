package dev.petal;

/** Facts about this build of Petal. */
public final class Petal {
    private Petal() {
    }

    /** The version from the jar manifest, or "dev" when running from classes. */
    public static String version() {
        String v = Petal.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
