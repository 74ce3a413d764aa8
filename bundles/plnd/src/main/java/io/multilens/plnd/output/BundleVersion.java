package io.multilens.plnd.output;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Manifest;

/**
 * The version recorded in provenance: this bundle's {@code Bundle-Version}, read from its own
 * manifest (bnd writes it from the Maven version), which works both inside OSGi and from
 * {@code target/classes} in tests.
 */
public final class BundleVersion {

    static final String SYMBOLIC_NAME = "io.multilens.plnd";

    private BundleVersion() {
    }

    /**
     * The release part (major.minor.micro) without bnd's build-time qualifier: what workflows
     * compare to decide whether a finished step is still up to date, so a rebuild alone does not
     * invalidate results.
     */
    public static String release() {
        String[] parts = get().split("\\.");
        return parts.length > 3 ? parts[0] + "." + parts[1] + "." + parts[2] : get();
    }

    public static String get() {
        try {
            Enumeration<URL> manifests = BundleVersion.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                try (InputStream in = manifests.nextElement().openStream()) {
                    var main = new Manifest(in).getMainAttributes();
                    String name = main.getValue("Bundle-SymbolicName");
                    if (name != null && name.split(";")[0].trim().equals(SYMBOLIC_NAME)) {
                        String v = main.getValue("Bundle-Version");
                        return v == null ? "unknown" : v;
                    }
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
