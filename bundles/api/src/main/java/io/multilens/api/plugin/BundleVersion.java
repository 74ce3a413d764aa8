package io.multilens.api.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.jar.Manifest;

/**
 * The {@code Bundle-Version} of the bundle (or jar, or classes folder) a class was loaded from,
 * read from that location's own manifest. A plugin reports it as its version so provenance and
 * resumption follow the build instead of a number typed into the source.
 *
 * <p>The manifest is found next to the class's own {@code .class} resource rather than through
 * {@code getResource("META-INF/MANIFEST.MF")}, which on a flat class path returns whichever jar
 * comes first. This works for {@code file:} folders (tests), {@code jar:} URLs and Felix's
 * {@code bundle:} URLs alike, and needs no OSGi API.
 */
public final class BundleVersion {

    public static final String UNKNOWN = "unknown";

    private BundleVersion() {
    }

    /** The full version, bnd's build qualifier included, or {@link #UNKNOWN}. */
    public static String of(Class<?> anchor) {
        URL manifest = manifestBeside(anchor);
        if (manifest == null) {
            return UNKNOWN;
        }
        try (InputStream in = manifest.openStream()) {
            String version = new Manifest(in).getMainAttributes().getValue("Bundle-Version");
            return version == null ? UNKNOWN : version;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /**
     * The release part (major.minor.micro) without the build qualifier: what workflows compare to
     * decide whether a finished step is still up to date, so a rebuild alone does not invalidate
     * results.
     */
    public static String release(Class<?> anchor) {
        return release(of(anchor));
    }

    static String release(String version) {
        String[] parts = version.split("\\.");
        return parts.length > 3 ? parts[0] + "." + parts[1] + "." + parts[2] : version;
    }

    private static URL manifestBeside(Class<?> anchor) {
        String classFile = anchor.getName().replace('.', '/') + ".class";
        URL own = anchor.getResource("/" + classFile);
        if (own == null) {
            return null;
        }
        String url = own.toString();
        if (!url.endsWith(classFile)) {
            return null;
        }
        String root = url.substring(0, url.length() - classFile.length());
        try {
            return new URL(root + "META-INF/MANIFEST.MF");
        } catch (IOException e) {
            return null;
        }
    }
}
