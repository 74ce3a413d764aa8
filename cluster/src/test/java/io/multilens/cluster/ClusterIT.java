package io.multilens.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code multilens run --cluster} on Spark's {@code local-cluster} (real executor JVMs, each with
 * its own multilens kernel), through the distribution's launcher as a user runs it.
 */
class ClusterIT {

    private static final Path DIST = Path.of(System.getProperty("multilens.dist"));
    private static final Path REPO = Path.of(System.getProperty("multilens.repo"));

    @TempDir
    Path dir;

    /** The quickstart's PLND step (10 languages x 100 sentences), optionally followed by a step that cannot shard. */
    private Path workflow(String name, List<String> languages, boolean withAblate) throws IOException {
        return workflow(name, languages, withAblate, false);
    }

    /** {@code withPerplexity}: then eval.perplexity of 30 sentences per language with each language's neurons off. */
    private Path workflow(String name, List<String> languages, boolean withAblate, boolean withPerplexity) throws IOException {
        return workflow(name, languages, withAblate, withPerplexity, REPO.resolve("data/sentences"));
    }

    private Path workflow(String name, List<String> languages, boolean withAblate, boolean withPerplexity, Path corpus)
            throws IOException {
        String text = "name: " + name + "\nsteps:\n"
                + "  - id: detect\n    uses: plnd\n    with:\n"
                + "      model: " + REPO.resolve("models/multilens-tiny-10l") + "\n"
                + "      languages: [" + String.join(", ", languages) + "]\n"
                + "      corpus: '" + corpus + "/{lang}.txt'\n"
                + "      skip_documents: 800\n      max_documents: 100\n      max_tokens: 256\n"
                + "      attention_rule: top_fraction\n      attention_value: 0.1\n"
                + "      ffn_rule: top_fraction\n      ffn_value: 0.1\n"
                + "      min_document_fraction: 0.9\n      overlap: max-languages\n      max_languages: 3\n"
                + (withAblate ? "  - id: ablate\n    uses: ablate\n    with: {model: " + REPO.resolve("models/multilens-tiny-10l")
                        + ", neurons: '${steps.detect.neurons}'}\n" : "")
                + (withPerplexity ? "  - id: perplexity\n    uses: eval.perplexity\n    with:\n"
                        + "      model: " + REPO.resolve("models/multilens-tiny-10l") + "\n"
                        + "      languages: [" + String.join(", ", languages) + "]\n"
                        + "      corpus: '" + REPO.resolve("data/sentences") + "/{lang}.txt'\n"
                        + "      skip_documents: 900\n      max_documents: 30\n      max_tokens: 256\n"
                        + "      deactivate: '${steps.detect.neurons}'\n" : "");
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    private static final List<String> QUICKSTART = List.of("en", "zh", "fr", "de", "es", "ru", "ja", "th", "ar", "sw");

    private Process start(Path workflow, Path out, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(DIST.resolve("bin/multilens").toString(), "run", workflow.toString(),
                "--out", out.toString()));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String finish(Process p, List<String> lines) throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        }
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        return String.join("\n", lines);
    }

    /**
     * 8 shards on two executors give the single process's neurons.json (same neurons, importances
     * to 1e-9) and stats.json, also when one executor JVM is SIGKILLed in the middle: Spark re-runs
     * its shard, the run log says so, the step after it (not shardable) runs on the driver.
     */
    @Test
    void plndOnTwoExecutorsEqualsOneProcessEvenWhenAnExecutorIsKilled() throws Exception {
        Path single = dir.resolve("single");
        List<String> lines = new ArrayList<>();
        Process one = start(workflow("single", QUICKSTART, false), single);
        String text = finish(one, lines);
        assertEquals(0, one.exitValue(), text);

        Path clustered = dir.resolve("cluster");
        Process run = start(workflow("cluster", QUICKSTART, true), clustered, "--cluster", "local-cluster[2,1,1536]", "--shards", "8");
        List<String> out = new ArrayList<>();
        boolean killed = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                out.add(line);
                if (!killed && line.contains("cluster: shard") && line.contains(" done on ")) {
                    ProcessHandle executor = run.descendants()
                            .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                            .findFirst().orElseThrow(() -> new AssertionError("no executor JVM found"));
                    killed = executor.destroyForcibly();   // SIGKILL
                }
            }
        }
        assertTrue(run.waitFor(10, TimeUnit.MINUTES));
        String log = String.join("\n", out);
        assertEquals(0, run.exitValue(), log);
        assertTrue(killed, "an executor was killed");
        assertTrue(log.contains("[detect] 8 shards on local-cluster[2,1,1536]"), log);
        assertTrue(log.contains("Spark retries it"), log);
        assertTrue(log.contains("ablate is not shardable: it runs here"), log);
        assertTrue(Files.readString(clustered.resolve("logs/run.log")).contains("Spark retries it"), "the retry is in run.log");

        JsonNode expected = new ObjectMapper().readTree(single.resolve("detect/neurons.json").toFile()).get("languages");
        JsonNode actual = new ObjectMapper().readTree(clustered.resolve("detect/neurons.json").toFile()).get("languages");
        assertEquals(QUICKSTART.size(), expected.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode a = actual.get(e.getKey());
            assertEquals(e.getValue().get("neurons"), a.get("neurons"), e.getKey());
            e.getValue().get("mean_importance").fields().forEachRemaining(g -> {
                JsonNode got = a.get("mean_importance").get(g.getKey());
                for (int i = 0; i < g.getValue().size(); i++) {
                    double want = g.getValue().get(i).asDouble();
                    assertEquals(want, got.get(i).asDouble(), 1e-9 * Math.abs(want), e.getKey() + " " + g.getKey());
                }
            });
        }
        assertEquals(new ObjectMapper().readTree(single.resolve("detect/stats.json").toFile()),
                new ObjectMapper().readTree(clustered.resolve("detect/stats.json").toFile()));
    }

    /**
     * {@code multilens cluster master} and two {@code multilens cluster worker}s on 127.0.0.1; one
     * worker JVM is SIGKILLed mid-job: its shards run again on the other, and the neurons and the
     * perplexity metrics (a second sharded step) are the single process's.
     */
    @Test
    void aStandaloneClusterLosesAWorkerAndStillGivesTheSameNeurons() throws Exception {
        List<String> languages = List.of("en", "zh", "fr");
        Path single = dir.resolve("single3");
        Process one = start(workflow("single3", languages, false, true), single);
        String singleText = finish(one, new ArrayList<>());
        assertEquals(0, one.exitValue(), singleText);

        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        String bin = DIST.resolve("bin/multilens").toString();
        List<Process> daemons = new ArrayList<>();
        try {
            daemons.add(new ProcessBuilder(bin, "cluster", "master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--webui-port", "0").redirectErrorStream(true).redirectOutput(dir.resolve("master.log").toFile()).start());
            // a master with no worker yet: the step fails after --executor-wait, naming the cause, instead of waiting forever
            awaitLine(dir.resolve("master.log"), "I have been elected leader");
            Process lonely = start(workflow("lonely", List.of("en"), false), dir.resolve("lonely"), "--cluster", master,
                    "--shards", "2", "--executor-wait", "3");
            String lonelyText = finish(lonely, new ArrayList<>());
            assertEquals(1, lonely.exitValue(), lonelyText);
            assertTrue(lonelyText.contains("no executor started on " + master + " within 3 s: start a worker"), lonelyText);
            for (int w = 0; w < 2; w++) {
                daemons.add(new ProcessBuilder(bin, "cluster", "worker", master, "--host", "127.0.0.1", "--cores", "1",
                        "--memory", "1536m", "--webui-port", "0").redirectErrorStream(true)
                        .redirectOutput(dir.resolve("worker" + w + ".log").toFile()).start());
            }
            awaitLine(dir.resolve("worker0.log"), "Successfully registered with master");
            awaitLine(dir.resolve("worker1.log"), "Successfully registered with master");
            Path out = dir.resolve("standalone");
            Process run = start(workflow("standalone", languages, false, true), out, "--cluster", master, "--shards", "6");
            List<String> lines = new ArrayList<>();
            boolean killed = false;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (!killed && line.contains("cluster: shard") && line.contains(" done on ")) {
                        // the second worker's Spark JVM (a child of its multilens launcher)
                        ProcessHandle worker = daemons.get(2).descendants()
                                .filter(h -> h.info().commandLine().orElse("").contains("deploy.worker.Worker"))
                                .findFirst().orElseThrow(() -> new AssertionError("no worker JVM"));
                        killed = worker.destroyForcibly();
                    }
                }
            }
            assertTrue(run.waitFor(10, TimeUnit.MINUTES));
            String log = String.join("\n", lines);
            assertEquals(0, run.exitValue(), log);
            assertTrue(killed, "a worker was killed");
            assertEquals(new ObjectMapper().readTree(single.resolve("detect/neurons.json").toFile()).get("languages"),
                    new ObjectMapper().readTree(out.resolve("detect/neurons.json").toFile()).get("languages"));
            // eval.perplexity, one shard per language: the same numbers to the last bit
            assertTrue(log.contains("[perplexity] 3 shards on " + master), log);
            JsonNode want = new ObjectMapper().readTree(single.resolve("perplexity/metrics.json").toFile());
            JsonNode got = new ObjectMapper().readTree(out.resolve("perplexity/metrics.json").toFile());
            for (String key : List.of("results", "paired_vs_baseline", "relative_nll_change", "interventions")) {
                assertEquals(want.get(key), got.get(key), key);
            }
            assertEquals(Files.readString(single.resolve("perplexity/documents.json")), Files.readString(out.resolve("perplexity/documents.json")));
        } finally {
            for (Process d : daemons) {
                d.descendants().forEach(ProcessHandle::destroyForcibly);
                d.destroyForcibly();
            }
        }
    }

    private static void awaitLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            assertTrue(System.nanoTime() < deadline, log + " never said: " + text);
            Thread.sleep(200);
        }
    }

    /**
     * A shard whose step fails (its corpus is missing) fails the step at once, naming the shard,
     * the host and the error, without retries that would fail the same way; once its input is
     * there, the re-run skips the shard that had finished.
     */
    @Test
    void aShardThatFailsOnEveryAttemptFailsTheStepNamingItAndTheRerunKeepsTheOthers() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.copy(REPO.resolve("data/sentences/en.txt"), corpus.resolve("en.txt"));
        Path flow = workflow("missing", List.of("en", "xx"), false, false, corpus);
        List<String> lines = new ArrayList<>();
        Process run = start(flow, dir.resolve("missing"), "--cluster", "local-cluster[1,1,1536]", "--shards", "2");
        String text = finish(run, lines);
        assertEquals(1, run.exitValue(), text);
        String failed = lines.stream().filter(l -> l.startsWith("[detect] FAILED")).findFirst().orElseThrow(() -> new AssertionError(text));
        assertTrue(failed.contains("shard 1") && failed.contains("xx.txt"), failed);
        assertTrue(!text.contains("Spark retries it"), "a step's own failure is not retried: " + text);

        Files.copy(REPO.resolve("data/sentences/fr.txt"), corpus.resolve("xx.txt"));
        List<String> again = new ArrayList<>();
        Process rerun = start(flow, dir.resolve("missing"), "--cluster", "local-cluster[1,1,1536]", "--shards", "2");
        String rerunText = finish(rerun, again);
        assertEquals(0, rerun.exitValue(), rerunText);
        assertTrue(rerunText.contains("shard 0 was done already"), rerunText);
        assertTrue(!rerunText.contains("shard 1 was done already"), rerunText);
    }

    /**
     * With --executor-gpus each task runs on the GPU Spark assigned it: a discovery script that
     * reports GPU 0 on this CPU-only host makes every shard ask for device cuda:0, which the engine
     * refuses by name.
     */
    @Test
    void aTaskRunsOnTheGpuSparkAssignedIt() throws Exception {
        Path script = dir.resolve("fake-gpu.sh");
        Files.writeString(script, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"0\"]}'\n");
        script.toFile().setExecutable(true);
        List<String> command = List.of(DIST.resolve("bin/multilens").toString(), "run",
                workflow("gpu", List.of("en"), false).toString(), "--out", dir.resolve("gpu").toString(),
                "--cluster", "local-cluster[1,1,1536]", "--shards", "1", "--executor-gpus", "1");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("MULTILENS_GPU_DISCOVERY", script.toString());
        List<String> lines = new ArrayList<>();
        Process run = pb.start();
        String text = finish(run, lines);
        assertEquals(1, run.exitValue(), text);
        String failed = lines.stream().filter(l -> l.startsWith("[detect] FAILED")).findFirst().orElseThrow(() -> new AssertionError(text));
        assertTrue(failed.contains("shard 0") && failed.contains("device cuda:0"), failed);
    }

    /** A standalone master nobody runs: one line, exit 2, in seconds. */
    @Test
    void anUnreachableMasterIsNamedQuickly() throws Exception {
        long start = System.nanoTime();
        List<String> lines = new ArrayList<>();
        Process run = start(workflow("nowhere", List.of("en"), false), dir.resolve("nowhere"), "--cluster", "spark://127.0.0.1:9");
        String text = finish(run, lines);
        assertEquals(2, run.exitValue(), text);
        assertTrue(text.contains("cannot reach the Spark master"), text);
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "named within 30 s");
    }
}
