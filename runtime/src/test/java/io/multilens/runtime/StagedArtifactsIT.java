package io.multilens.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The separate Maven builds inside this build (the archetype's generated plugin,
 * examples/hello-plugin) compile against the API this build just made, never against an earlier
 * {@code mvn install} in the user's repository: their local repositories are build-local, hold
 * byte for byte this build's jars, and the plugins they produce import the API package versions
 * this build exports (bump an API package's version in the working tree and the imports follow).
 */
class StagedArtifactsIT {

    private static final Path REPO = Path.of(System.getProperty("multilens.repo"));
    private static final String VERSION = CliParser.version().split(" ")[1];

    @Test
    void theExampleBuildsStageThisBuildsApi() throws IOException {
        assertStaged(REPO.resolve("examples/target/it-repo"), "multilens-api", "bundles/api");
    }

    @Test
    void theArchetypeBuildStagesThisBuildsApiAndTestkit() throws IOException {
        Path itRepo = REPO.resolve("archetypes/plugin/target/it-repo");
        assertStaged(itRepo, "multilens-api", "bundles/api");
        assertStaged(itRepo, "multilens-testkit", "testkit");
    }

    @Test
    void thirdPartyPluginsImportTheApiVersionsThisBuildExports() throws IOException {
        String exported = exportedVersion(REPO.resolve("bundles/api/target/multilens-api-" + VERSION + ".jar"), "io.multilens.api.plugin");
        String[] parts = exported.split("\\.");
        String range = "[" + parts[0] + "." + parts[1] + "," + (Integer.parseInt(parts[0]) + 1) + ")";
        for (String jar : List.of(System.getProperty("hello.jar"), System.getProperty("generated.jar"))) {
            assertEquals(range, importedRange(Path.of(jar), "io.multilens.api.plugin"), jar);
        }
    }

    /** The staged jar is the reactor's, and no other io.multilens version sits beside it. */
    private static void assertStaged(Path itRepo, String artifact, String module) throws IOException {
        Path staged = itRepo.resolve("io/multilens/" + artifact + "/" + VERSION + "/" + artifact + "-" + VERSION + ".jar");
        Path built = REPO.resolve(module + "/target/" + artifact + "-" + VERSION + ".jar");
        assertTrue(Files.isRegularFile(staged), "not staged: " + staged);
        assertArrayEquals(Files.readAllBytes(built), Files.readAllBytes(staged), staged + " differs from " + built);
        try (Stream<Path> versions = Files.list(staged.getParent().getParent())) {
            assertEquals(List.of(VERSION), versions.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList());
        }
    }

    private static String exportedVersion(Path jar, String pkg) throws IOException {
        String header = header(jar, "Export-Package");
        Matcher m = Pattern.compile(Pattern.quote(pkg) + ";[^,]*?version=\"([^\"]+)\"").matcher(header);
        assertTrue(m.find(), pkg + " not exported by " + jar + ": " + header);
        return m.group(1);
    }

    private static String importedRange(Path jar, String pkg) throws IOException {
        String header = header(jar, "Import-Package");
        Matcher m = Pattern.compile(Pattern.quote(pkg) + ";[^,]*?version=\"([^\"]+)\"").matcher(header);
        assertTrue(m.find(), pkg + " not imported by " + jar + ": " + header);
        return m.group(1);
    }

    private static String header(Path jar, String name) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String value = file.getManifest().getMainAttributes().getValue(name);
            return value == null ? "" : value;
        }
    }
}
