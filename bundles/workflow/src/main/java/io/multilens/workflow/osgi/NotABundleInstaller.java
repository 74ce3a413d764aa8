package io.multilens.workflow.osgi;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;

/**
 * Claims the {@code *.jar} files dropped into a watched folder that are not OSGi bundles (random
 * bytes, an empty file, a plain jar without Bundle-SymbolicName), which FileInstall would
 * otherwise ignore without a word: each gets one line saying which file and why, once per version
 * of the file, and the watcher goes on.
 */
@Component(service = ArtifactInstaller.class)
public final class NotABundleInstaller implements ArtifactInstaller {

    private final Map<String, Long> told = new ConcurrentHashMap<>();

    @Override
    public boolean canHandle(File artifact) {
        return artifact.isFile() && artifact.getName().endsWith(".jar") && whyNotABundle(artifact).isPresent();
    }

    @Override
    public void install(File artifact) {
        tell(artifact);
    }

    @Override
    public void update(File artifact) {
        tell(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        told.remove(artifact.getPath());
    }

    private void tell(File artifact) {
        Long previous = told.put(artifact.getPath(), artifact.lastModified());
        if (previous == null || previous != artifact.lastModified()) {
            System.out.println("watch: " + artifact + " is not a plugin bundle (" + whyNotABundle(artifact).orElse("?")
                    + "); ignored. Build plugins with the bnd-maven-plugin (see examples/hello-plugin)");
        }
    }

    /** Why a file is not an OSGi bundle, or empty when it is one. */
    static Optional<String> whyNotABundle(File file) {
        if (file.length() == 0) {
            return Optional.of("the file is empty");
        }
        try (JarFile jar = new JarFile(file)) {
            Manifest m = jar.getManifest();
            if (m == null) {
                return Optional.of("a jar without a manifest");
            }
            if (m.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return Optional.of("its manifest has no Bundle-SymbolicName");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("not a jar: " + e.getMessage());
        }
    }
}
