package io.multilens.runtime;

import io.multilens.launch.EngineRequest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The packages of the launcher class path that the system bundle exports to the bundles: DJL,
 * whose native library can be loaded only once per JVM (a DJL embedded in a bundle could not be
 * updated without a restart), and Lingua's API, the language identifier the steer plugin uses
 * (Kotlin and its other libraries stay hidden behind it); and {@code io.multilens.launch}, the
 * launcher's request to the workflow engine, so that both sides share its classes; and
 * {@code jdk.incubator.vector} when the JVM has it (bin/multilens adds the module).
 */
final class SystemPackages {

    private SystemPackages() {
    }

    private static final String DJL = "ai/djl/";
    /** Lingua's public API package only, not its internals. */
    private static final String LINGUA_API = "com/github/pemistahl/lingua/api/";

    static String launcherExports() {
        TreeSet<String> packages = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            if (f.isFile() && f.getName().endsWith(".jar")) {
                collect(f, packages);
            }
        }
        packages.add(launchExport());
        // the JDK's vector API, where the JVM was started with it (PLND imports it optionally)
        ModuleLayer.boot().findModule("jdk.incubator.vector").ifPresent(m -> packages.add("jdk.incubator.vector"));
        return String.join(",", packages);
    }

    /**
     * The launch jar's own {@code Export-Package} header (package and version, as bnd wrote it from
     * its package-info), so the version the workflow bundle imports is stated in one place.
     */
    static String launchExport() {
        try {
            Path where = Path.of(EngineRequest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Manifest manifest;
            if (Files.isDirectory(where)) {
                try (InputStream in = Files.newInputStream(where.resolve(JarFile.MANIFEST_NAME))) {
                    manifest = new Manifest(in);
                }
            } else {
                try (JarFile jar = new JarFile(where.toFile())) {
                    manifest = jar.getManifest();
                }
            }
            String header = manifest == null ? null : manifest.getMainAttributes().getValue("Export-Package");
            if (header == null || !header.startsWith(EngineRequest.class.getPackageName() + ";")) {
                throw new IllegalStateException(where + ": no Export-Package of " + EngineRequest.class.getPackageName()
                        + " in its manifest (was it built by bnd?)");
            }
            return header;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the launch jar's manifest: " + e.getMessage(), e);
        }
    }

    private static void collect(File jar, TreeSet<String> packages) {
        try (JarFile j = new JarFile(jar)) {
            Enumeration<JarEntry> entries = j.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                boolean lingua = name.startsWith(LINGUA_API) && name.lastIndexOf('/') == LINGUA_API.length() - 1;
                if (name.endsWith(".class") && (name.startsWith(DJL) || lingua)) {
                    packages.add(name.substring(0, name.lastIndexOf('/')).replace('/', '.'));
                }
            }
        } catch (IOException e) {
            // not a readable jar: nothing of DJL in it
        }
    }
}
