package io.multilens.eval.tasks;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find their data: committed samples, the repository, the shared data beside it. */
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

    /** The project's shared data sets ({@code ../shared/data} beside the checkout); may be absent. */
    public static Path shared(String name) {
        return repo().resolve("../shared/data").resolve(name).normalize();
    }
}
