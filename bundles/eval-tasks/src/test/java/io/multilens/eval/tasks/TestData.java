package io.multilens.eval.tasks;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find their data: committed samples and the repository (data/ holds the full MGSM and XQuAD). */
public final class TestData {

    private TestData() {
    }

    /** A file or folder under src/test/resources. */
    public static Path resource(String name) {
        URL url = TestData.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The repository root. Surefire sets {@code multilens.repo} to Maven's project directory,
     * which is this module's folder when the module is built on its own: walk up to testdata/.
     */
    public static Path repo() {
        String root = System.getProperty("multilens.repo");
        Path start = root != null ? Path.of(root).toAbsolutePath() : Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/fixtures"))) {
                return p;
            }
        }
        throw new IllegalStateException("no testdata/fixtures above " + start + "; set -Dmultilens.repo");
    }
}
