package io.multilens.workflow.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import io.multilens.launch.EngineRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/** Stopping the engine (Ctrl-C in watch) stops the running step and waits for it before models are closed. */
class EngineShutdownTest {

    @Test
    void deactivationCancelsTheRunningStepAndWaitsForIt(@TempDir Path dir) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawCancel = new AtomicBoolean();
        Step slow = new Step() {
            @Override
            public PluginInfo info() {
                return new PluginInfo("slow", "1.0", PluginKind.UTILITY, "runs until stopped", List.of(), List.of(),
                        List.of(PortSpec.output("done", "done.txt", "never written")));
            }

            @Override
            public void run(StepContext context) throws Exception {
                started.countDown();
                while (!context.cancelled()) {
                    Thread.sleep(20);
                }
                Thread.sleep(300); // a step takes a moment to wind down; the engine must wait for it
                sawCancel.set(true);
                throw new StepFailure("stopped");
            }
        };
        EngineComponent engine = new EngineComponent();
        engine.activate(null);
        engine.addStep(slow, reference());
        Path flow = Files.writeString(dir.resolve("w.yaml"), "name: w\nsteps:\n  - id: s\n    uses: slow\n");
        AtomicInteger code = new AtomicInteger(-1);
        Thread run = new Thread(() -> {
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
            code.set(engine.execute(EngineRequest.run(flow, dir.resolve("out"), List.of(), false).withStreams(quiet, quiet)));
        });
        run.start();
        assertTrue(started.await(20, TimeUnit.SECONDS));
        engine.deactivate();
        assertTrue(sawCancel.get(), "deactivate returned before the step had stopped");
        run.join(5000);
        assertEquals(1, code.get(), "the stopped step is a failed step");
        assertTrue(Files.notExists(dir.resolve("out/s")), "nothing half-written");
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<Step> reference() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> "test.bundle";
                    case "getVersion" -> new Version(1, 0, 0);
                    default -> null;
                });
        return (ServiceReference<Step>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, m, a) -> m.getName().equals("getBundle") ? bundle : null);
    }
}
