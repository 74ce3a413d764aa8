package io.multilens.runtime;

import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The packages of DJL that the system bundle exports to the bundles. DJL stays on the launcher
 * class path because its native library can be loaded only once per JVM: a DJL embedded in a
 * bundle could not be updated without a restart.
 */
final class SystemPackages {

    private SystemPackages() {
    }

    static String djlExports() {
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
                if (name.startsWith("ai/djl/") && name.endsWith(".class")) {
                    packages.add(name.substring(0, name.lastIndexOf('/')).replace('/', '.'));
                }
            }
        } catch (IOException e) {
            // not a readable jar: nothing of DJL in it
        }
    }
}
