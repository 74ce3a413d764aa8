package io.multilens.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.multilens.api.plugin.Step;
import io.multilens.launch.Engine;
import io.multilens.launch.EngineRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Boots Felix with the distribution's real bundles (the ones bin/multilens installs) and checks
 * them from inside the framework: all active, plugins registered, a workflow run through the
 * engine's command service, and hot deployment through FileInstall.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FrameworkIT {

    private static final String WATCH = System.getProperty("multilens.it.watch");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        Path dist = Path.of(System.getProperty("multilens.dist"));
        Path watch = Files.createTempDirectory("multilens-watch-");
        List<Option> opts = new ArrayList<>();
        opts.add(cleanCaches());
        opts.add(junitBundles());
        opts.add(systemPackages(SystemPackages.launcherExports().split(",")));
        opts.add(systemProperty("ai.djl.offline").value("true"));
        opts.add(systemProperty("multilens.it.watch").value(watch.toString()));
        opts.add(systemProperty("hello.jar").value(System.getProperty("hello.jar")));
        opts.add(systemProperty("generated.jar").value(System.getProperty("generated.jar")));
        opts.add(systemProperty("multilens.repo").value(System.getProperty("multilens.repo")));
        // bin/multilens watch's own settings, polled faster
        EmbeddedFramework.watchProperties(watch).forEach((k, v) -> opts.add(frameworkProperty(k).value(
                k.equals("felix.fileinstall.poll") ? "200" : v)));
        // every feature's folder, each file once (features share bundles), as bin/multilens installs them
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (Stream<Path> jars = Files.walk(dist.resolve("bundle"))) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted()
                    .filter(p -> seen.add(p.getFileName().toString()))
                    .forEach(p -> opts.add(bundle(p.toUri().toString())));
        }
        return options(opts.toArray(new Option[0]));
    }

    @Test
    public void everyBundleIsActiveAndThePluginsAreRegistered() throws Exception {
        for (Bundle b : context.getBundles()) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                assertEquals(b.getSymbolicName() + " is not active", Bundle.ACTIVE, b.getState());
            }
        }
        List<String> names = stepNames();
        for (String plugin : List.of("plnd", "plnd.merge", "lape", "lape.merge", "neurons.compare", "layers", "steer", "ablate", "eval.perplexity", "eval.mgsm", "eval.xquad", "eval.xcsqa",
                "eval.xlsum", "train", "finetune.neurons", "report", "model.check")) {
            assertTrue(plugin + " in " + names, names.contains(plugin));
        }
        assertTrue(context.getServiceReferences("io.multilens.api.model.ModelBackend", null).length >= 1);
    }

    /**
     * The API's packages carry their own versions; bnd gives a bundle that implements a
     * {@code @ProviderType} interface (a backend's LanguageModel) a range that a minor API change
     * leaves, and a bundle that only calls it one up to the next major version.
     */
    @Test
    public void implementersOfProviderTypesImportANarrowApiRange() {
        assertEquals("[1.0,1.1)", importedVersion("io.multilens.model.llama", "io.multilens.api.model"));
        assertEquals("[1.0,2)", importedVersion("io.multilens.model.llama", "io.multilens.api.status"));
        assertEquals("[1.0,2)", importedVersion("io.multilens.plnd", "io.multilens.api.model"));
        assertEquals("[1.0,1.1)", importedVersion("io.multilens.workflow", "io.multilens.api.plugin"));
    }

    private String importedVersion(String bundle, String pkg) {
        Bundle b = java.util.Arrays.stream(context.getBundles()).filter(x -> bundle.equals(x.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError(bundle + " is not installed"));
        // Import-Package: a.b;version="[1.0,2)",c.d;... — commas also occur inside quoted ranges
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(pkg) + ";version=\"([^\"]+)\"")
                .matcher(b.getHeaders().get("Import-Package"));
        if (!m.find()) {
            throw new AssertionError(bundle + " does not import " + pkg + " with a version");
        }
        return m.group(1);
    }

    @Test
    public void aWorkflowRunsThroughTheCommandService() throws Exception {
        Path dir = Files.createTempDirectory("multilens-run-");
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model/config.json"), "{\"architectures\": [\"LlamaForCausalLM\"], \"vocab_size\": 50,"
                + " \"hidden_size\": 16, \"intermediate_size\": 20, \"num_hidden_layers\": 4, \"num_attention_heads\": 4}");
        Files.writeString(dir.resolve("neurons.json"), "{\"format\": \"multilens.neurons/1\", \"languages\": {"
                + "\"en\": {\"neurons\": {\"layers.0.mlp.ffn\": [1, 2], \"layers.3.attn.q\": [5]}}}}");
        Path flow = dir.resolve("flow.yaml");
        Files.writeString(flow, "name: through-the-service\nsteps:\n  - id: ablate\n    uses: ablate\n"
                + "    with: {model: model, neurons: neurons.json, generation: [ffn]}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EngineRequest request = EngineRequest.run(flow, dir.resolve("out"), List.of(), false).withStreams(printer(out), printer(out));
        assertExit(0, request, out);
        String neurons = Files.readString(dir.resolve("out/ablate/neurons.json"));
        // layer 3 is the generation stage, where only FFN is switched off: the q neuron is dropped
        assertTrue(neurons, neurons.contains("\"layers.0.mlp.ffn\" : [ 1, 2 ]"));
        assertTrue(neurons, !neurons.contains("layers.3.attn.q"));
        assertTrue(Files.isRegularFile(dir.resolve("out/ablate/manifest.json")));

        // the report command builds the page of that results folder through the same service
        assertExit(0, EngineRequest.report(dir.resolve("out")).withStreams(printer(out), printer(out)), out);
        assertTrue(Files.readString(dir.resolve("out/report/report.html")).contains("ablate"));

        // bad input through the same service: one line, exit code 2
        Files.writeString(flow, "name: missing-plugin\nsteps:\n  - id: a\n    uses: no.such.plugin\n");
        out.reset();
        assertEquals(2, engine().execute(request));
        assertTrue(out.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8)
                .contains("flow.yaml:4:5: unknown plugin 'no.such.plugin'"));
    }

    @Test
    public void aDroppedBundleAddsItsPluginAndRemovingItTakesItAway() throws Exception {
        Path watch = Path.of(WATCH);
        Path jar = watch.resolve("hello-plugin.jar");
        Files.copy(Path.of(System.getProperty("hello.jar")), jar, StandardCopyOption.REPLACE_EXISTING);
        waitFor(() -> listedPlugins().contains("example.hello"), "example.hello to be listed");

        // a workflow dropped beside it is validated and run, results under out/<file name>/
        Files.writeString(watch.resolve("greet.yaml"),
                "name: greet\nsteps:\n  - id: hello\n    uses: example.hello\n    with: {name: osgi, times: 2}\n");
        Path greeting = watch.resolve("out/greet/hello/greeting.txt");
        waitFor(() -> Files.isRegularFile(greeting), greeting + " to be written");
        assertEquals("hello, osgi\nhello, osgi\n", Files.readString(greeting));

        Files.delete(jar);
        waitFor(() -> !listedPlugins().contains("example.hello"), "example.hello to go away");
        // its service goes while the bundle stops; the bundle itself is uninstalled just after
        waitFor(() -> java.util.Arrays.stream(context.getBundles())
                .noneMatch(b -> "org.example.multilens.hello".equals(b.getSymbolicName())), "the bundle to be uninstalled");
    }

    /**
     * The script control on the embedded model, small: romanised corpora feed PLND and LAPE through
     * {@code ${steps.roman.corpus}/{lang}.txt}, the sets are compared and cross-evaluated.
     */
    @Test
    public void theScriptControlWorkflowRunsOnTheEmbeddedModel() throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path out = runRepositoryWorkflow("script-control", "detect_documents=6", "eval_documents=4", "languages=[zh,ru]");
        assertEquals(Files.readAllLines(repo.resolve("data/sentences/ru.txt")).stream().filter(l -> !l.isBlank()).count(),
                Files.readAllLines(out.resolve("roman/corpus/ru.txt")).size());
        String plndRoman = Files.readString(out.resolve("plnd-roman/manifest.json"));
        assertTrue(plndRoman, plndRoman.contains(out.resolve("roman/corpus").toAbsolutePath() + "/{lang}.txt"));
        String overlap = Files.readString(out.resolve("overlap-plnd/comparison.json"));
        assertTrue(overlap, overlap.contains("\"zh\"") && overlap.contains("jaccard"));
        for (String run : List.of("native-sets-native-text", "native-sets-roman-text", "roman-sets-roman-text", "roman-sets-native-text")) {
            assertTrue(run, Files.readString(out.resolve(run).resolve("metrics.json")).contains("\"zh.random\""));
        }
        assertTrue(Files.size(out.resolve("report/report.html")) > 0);
    }

    /** The steering scoreboard on the embedded model, small: three methods, one table across them. */
    @Test
    public void theSteeringCompareWorkflowRunsOnTheEmbeddedModel() throws Exception {
        Path out = runRepositoryWorkflow("steering-compare", "languages=[en,de,ru]", "detect_documents=5", "mean_documents=3",
                "prompts=2", "new_tokens=4");
        for (String step : List.of("neurons-lape", "neurons-set-mean", "diffmean")) {
            String steering = Files.readString(out.resolve(step).resolve("steering.json"));
            assertTrue(step + ": " + steering, steering.contains("control_relevance_harmonic_mean"));
        }
        String report = Files.readString(out.resolve("report/report.html"));
        assertTrue(report.contains("Steering compared") && report.contains("DiffMean residual vectors"));
    }

    /** The latent-language lens on the embedded model, small: translation.json and its report figure. */
    @Test
    public void theLatentLanguageWorkflowRunsOnTheEmbeddedModel() throws Exception {
        Path out = runRepositoryWorkflow("latent-language", "languages=[en,fr,de,ru]", "max_documents=3");
        String translation = Files.readString(out.resolve("lens/translation.json"));
        assertTrue(translation, translation.contains("\"ru\"") && translation.contains("p_english"));
        assertTrue(Files.isRegularFile(out.resolve("report/figures/fig-translation-lens.svg")));
    }

    /**
     * Subfolders of the watched folder are never artifacts: a folder holding a workflow copy and a
     * jar (as the results folder out/ does) is neither reported as "not a plugin bundle" nor run.
     */
    @Test
    public void aSubfolderOfTheWatchedFolderIsNeitherReportedNorRun() throws Exception {
        Path nested = Files.createDirectories(Path.of(WATCH).resolve("nested-results"));
        java.io.PrintStream console = System.out;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setOut(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            Files.writeString(nested.resolve("copy.yaml"), "name: copy\nsteps:\n  - id: hello\n    uses: example.hello\n");
            Files.write(nested.resolve("junk.jar"), new byte[] {1, 2, 3});
            Thread.sleep(3000);   // 15 polls
        } finally {
            System.setOut(console);
        }
        String text = said.toString(StandardCharsets.UTF_8);
        assertTrue(text, !text.contains("nested-results"));
        // run, its results would be in the subfolder's own out/ (or out/copy of the watched folder)
        assertTrue(Files.notExists(nested.resolve("out")) && Files.notExists(Path.of(WATCH).resolve("out/copy")));
    }

    /**
     * A plugin made by the archetype (multilens-plugin-archetype, generated and built by its own
     * Maven run in archetypes/plugin) is hot-deployed and runs a workflow.
     */
    @Test
    public void anArchetypeGeneratedPluginIsDeployedAndRuns() throws Exception {
        Path watch = Path.of(WATCH);
        Path jar = watch.resolve("corpus-stats-plugin.jar");
        Files.copy(Path.of(System.getProperty("generated.jar")), jar, StandardCopyOption.REPLACE_EXISTING);
        waitFor(() -> listedPlugins().contains("example.corpus-stats"), "example.corpus-stats to be listed");
        Path corpus = Files.createDirectories(watch.resolve("stats-corpus"));
        Files.write(corpus.resolve("en.txt"), List.of("one two", "three"));
        Files.write(corpus.resolve("de.txt"), List.of("eins"));
        Files.writeString(watch.resolve("stats.yaml"), "name: stats\nsteps:\n  - id: count\n    uses: example.corpus-stats\n"
                + "    with: {languages: [en, de], corpus: 'stats-corpus/{lang}.txt'}\n");
        Path counts = watch.resolve("out/stats/count/counts.csv");
        waitFor(() -> Files.isRegularFile(counts), counts + " to be written");
        assertEquals(List.of("language,documents,characters,mean_characters", "en,2,12,6.000", "de,1,4,4.000"),
                Files.readAllLines(counts));
        Files.delete(jar);
        waitFor(() -> !listedPlugins().contains("example.corpus-stats"), "example.corpus-stats to go away");
    }

    /**
     * A BLOOM checkpoint (the tiny-bloom fixture with the byte-level tokenizer beside it) runs the
     * quickstart's steps and every other analysis end to end; both backends are listed; with the
     * BLOOM bundle stopped a BLOOM checkpoint fails by name while a Llama one still runs, and
     * starting it again restores it.
     */
    @Test
    public void aBloomCheckpointRunsTheQuickstartStepsAndItsBackendIsAPlugin() throws Exception {
        String listed = listedPlugins();
        assertTrue(listed, listed.contains("BloomForCausalLM") && listed.contains("io.multilens.model.bloom"));
        assertTrue(listed, listed.contains("LlamaForCausalLM") && listed.contains("io.multilens.model.llama"));
        Path dir = runsEveryAnalysis("tiny-bloom");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Bundle bloom = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "io.multilens.model.bloom".equals(b.getSymbolicName())).findFirst().orElseThrow();
        bloom.stop();
        try {
            waitFor(() -> !listedPlugins().contains("BloomForCausalLM"), "the BLOOM backend to go away");
            Path single = dir.resolve("perplexity.yaml");
            Files.writeString(single, String.join("\n",
                    "name: perplexity-only",
                    "params:",
                    "  model: {type: path, default: tiny-bloom}",
                    "steps:",
                    "  - id: perplexity",
                    "    uses: eval.perplexity",
                    "    with:",
                    "      model: ${params.model}",
                    "      languages: [en]",
                    "      corpus: sentences/{lang}.txt",
                    "      max_documents: 5",
                    ""));
            out.reset();
            assertExit(1, EngineRequest.run(single, dir.resolve("out-without-bloom"), List.of(), false)
                    .withStreams(printer(out), printer(out)), out);
            String said = out.toString(StandardCharsets.UTF_8);
            java.util.regex.Matcher installed = java.util.regex.Pattern.compile(
                    "architecture BloomForCausalLM is not supported; installed backends: ([^(]*) \\(").matcher(said);
            assertTrue(said, installed.find());
            assertEquals(said, "Gemma2ForCausalLM, Gemma3ForCausalLM, Gemma3ForConditionalGeneration, LlamaForCausalLM,"
                    + " MistralForCausalLM, Phi3ForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM", installed.group(1));
            out.reset();
            assertExit(0, EngineRequest.run(single, dir.resolve("out-llama"), List.of("model=" + dir.resolve("tiny-llama")), false)
                    .withStreams(printer(out), printer(out)), out);
        } finally {
            bloom.start();
        }
        waitFor(() -> listedPlugins().contains("BloomForCausalLM"), "the BLOOM backend to come back");
    }

    /** Qwen3 (q/k norms, in the Llama family's bundle) runs every analysis end to end. */
    @Test
    public void aQwen3CheckpointRunsEveryAnalysis() throws Exception {
        assertTrue(listedPlugins().contains("Qwen3ForCausalLM"));
        runsEveryAnalysis("tiny-qwen3");
    }

    /** Gemma-2 (its own bundle: four norms, soft-capping, sliding layers) runs every analysis end to end. */
    @Test
    public void aGemma2CheckpointRunsEveryAnalysis() throws Exception {
        String listed = listedPlugins();
        assertTrue(listed, listed.contains("Gemma2ForCausalLM") && listed.contains("io.multilens.model.gemma"));
        runsEveryAnalysis("tiny-gemma2");
    }

    /** Phi-3 (fused q/k/v and gate/up rows, a sliding window; in the Llama family's bundle) runs every analysis. */
    @Test
    public void aPhi3CheckpointRunsEveryAnalysis() throws Exception {
        assertTrue(listedPlugins().contains("Phi3ForCausalLM"));
        runsEveryAnalysis("tiny-phi3");
    }

    /** Gemma-3 (per-head q/k norms, local and global RoPE, five-to-one sliding layers here two-to-two) runs every analysis. */
    @Test
    public void aGemma3CheckpointRunsEveryAnalysis() throws Exception {
        assertTrue(listedPlugins().contains("Gemma3ForCausalLM"));
        runsEveryAnalysis("tiny-gemma3");
    }

    /**
     * The fixture (with the byte-level tokenizer beside it, 258 ids within its vocabulary) runs the
     * quickstart's steps (PLND, ablation with a random control, perplexity, report) and the other
     * analyses: layers, LAPE, steering, fine-tuning of language neurons and perplexity under the
     * tuned delta. Returns the folder holding the checkpoints (the fixture and tiny-llama).
     */
    private Path runsEveryAnalysis(String fixture) throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path dir = Files.createTempDirectory("multilens-" + fixture + "-");
        for (String name : new String[] {fixture, "tiny-llama"}) {
            Path model = Files.createDirectories(dir.resolve(name));
            for (String f : new String[] {"config.json", "model.safetensors"}) {
                Files.copy(repo.resolve("testdata/fixtures").resolve(name).resolve(f), model.resolve(f));
            }
            io.multilens.api.model.ByteTokenizerJson.write(model.resolve("tokenizer.json"));
        }
        Files.createDirectories(dir.resolve("sentences"));
        for (String lang : new String[] {"en", "fr"}) {
            List<String> lines = Files.readAllLines(repo.resolve("data/sentences").resolve(lang + ".txt"));
            Files.write(dir.resolve("sentences").resolve(lang + ".txt"), lines.subList(0, 40));
        }
        Path flow = dir.resolve("every-analysis.yaml");
        Files.writeString(flow, String.join("\n",
                "name: every-analysis",
                "params:",
                "  model: {type: path, default: " + fixture + "}",
                "  languages: [en, fr]",
                "  corpus:",
                "    type: path",
                "    default: sentences/{lang}.txt",
                "steps:",
                "  - id: detect",
                "    uses: plnd",
                "    with:",
                "      model: ${params.model}",
                "      languages: ${params.languages}",
                "      corpus: ${params.corpus}",
                "      max_documents: 20",
                "      max_tokens: 48",
                "      attention_value: 0.1",
                "      ffn_value: 0.1",
                "      min_document_fraction: 0.5",
                "      overlap: none                    # random weights: every language's top units, kept",
                "  - id: ablate",
                "    uses: ablate",
                "    with:",
                "      model: ${params.model}",
                "      neurons: ${steps.detect.neurons}",
                "      random_control: true",
                "      seed: 0",
                "  - id: perplexity",
                "    uses: eval.perplexity",
                "    with:",
                "      model: ${params.model}",
                "      languages: ${params.languages}",
                "      corpus: ${params.corpus}",
                "      skip_documents: 20",
                "      max_documents: 10",
                "      max_tokens: 48",
                "      deactivate: ${steps.ablate.neurons}",
                "      allow_noop_conditions: true      # random weights: PLND may find no language-specific neuron",
                "  - id: layers",
                "    uses: layers",
                "    with:",
                "      model: ${params.model}",
                "      languages: ${params.languages}",
                "      corpus: ${params.corpus}",
                "      max_documents: 10",
                "      max_tokens: 32",
                "      reference_language: en",
                "      parallel: true",
                "  - id: lape",
                "    uses: lape",
                "    with:",
                "      model: ${params.model}",
                "      languages: ${params.languages}",
                "      corpus: ${params.corpus}",
                "      max_documents: 20",
                "      max_tokens: 48",
                "      top_rate: 0.2",
                "  - id: steer",
                "    uses: steer",
                "    with:",
                "      model: ${params.model}",
                "      neurons: ${steps.lape.neurons}",
                "      corpus: ${params.corpus}",
                "      prompt_language: en",
                "      prompt_skip_documents: 20",
                "      prompt_max_documents: 2",
                "      mean_skip_documents: 0",
                "      mean_max_documents: 5",
                "      max_new_tokens: 4",
                "      multiplier: 4.0",
                "      allow_noop_conditions: true",
                "  - id: tune",
                "    uses: finetune.neurons",
                "    with:",
                "      model: ${params.model}",
                "      neurons: ${steps.lape.neurons}",
                "      language: fr",
                "      corpus: ${params.corpus}",
                "      max_documents: 8",
                "      epochs: 1",
                "  - id: after-tune",
                "    uses: eval.perplexity",
                "    with:",
                "      model: ${steps.tune.delta}",
                "      languages: [fr]",
                "      corpus: ${params.corpus}",
                "      skip_documents: 20",
                "      max_documents: 5",
                "      max_tokens: 48",
                "  - id: report",
                "    uses: report",
                ""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EngineRequest request = EngineRequest.run(flow, dir.resolve("out"), List.of(), false).withStreams(printer(out), printer(out));
        assertExit(0, request, out);
        String neurons = Files.readString(dir.resolve("out/detect/neurons.json"));
        com.fasterxml.jackson.databind.JsonNode config = io.multilens.api.model.ModelConfig.json(dir.resolve(fixture));
        int last = config.path("num_hidden_layers").asInt(config.path("n_layer").asInt()) - 1;
        // random weights: no language-specific meaning, but PLND must have scored every layer, the last included
        assertTrue(neurons, neurons.contains("\"fr\"") && neurons.contains("layers." + last + "."));
        String metrics = Files.readString(dir.resolve("out/perplexity/metrics.json"));
        assertTrue(metrics, metrics.contains("\"fr\"") && metrics.contains("perplexity"));
        for (String output : new String[] {"layers/layers.json", "lape/neurons.json", "steer/steering.json",
                "after-tune/metrics.json", "report/report.html"}) {
            assertTrue(output, Files.size(dir.resolve("out").resolve(output)) > 0);
        }
        return dir;
    }

    /** Runs workflows/NAME.yaml of the repository with {@code sets} into a new folder, which it returns; exit 0 expected. */
    private Path runRepositoryWorkflow(String name, String... sets) throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path out = Files.createTempDirectory("multilens-" + name + "-");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertExit(0, EngineRequest.run(repo.resolve("workflows/" + name + ".yaml"), out, List.of(sets), false)
                .withStreams(printer(said), printer(said)), said);
        return out;
    }

    private static PrintStream printer(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    /** Runs a request and checks its exit code, showing what it printed when the code is wrong. */
    private void assertExit(int expected, EngineRequest request, ByteArrayOutputStream out) throws Exception {
        int code = engine().execute(request);
        assertEquals(out.toString(StandardCharsets.UTF_8), expected, code);
    }

    private Engine engine() throws InvalidSyntaxException {
        Collection<ServiceReference<Engine>> refs = context.getServiceReferences(Engine.class, null);
        assertEquals(1, refs.size());
        return context.getService(refs.iterator().next());
    }

    /** What 'multilens plugins' prints: the engine's own view, which follows services as they come and go. */
    private String listedPlugins() throws InvalidSyntaxException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, engine().execute(EngineRequest.plugins(null).withStreams(printer(out), printer(out))));
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> stepNames() throws InvalidSyntaxException {
        List<String> names = new ArrayList<>();
        for (ServiceReference<Step> ref : context.getServiceReferences(Step.class, null)) {
            Step s = context.getService(ref);
            if (s != null) {
                names.add(s.info().name());
                context.ungetService(ref);
            }
        }
        return names;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition c, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!c.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

}
