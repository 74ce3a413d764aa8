package io.multilens.runtime;

import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The packages of the launcher class path that the system bundle exports to the bundles: DJL,
 * whose native library can be loaded only once per JVM (a DJL embedded in a bundle could not be
 * updated without a restart), and Lingua's API, the language identifier the steer plugin uses
 * (Kotlin and its other libraries stay hidden behind it).
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
        return String.join(",", packages);
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
