package io.multilens.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code multilens cluster master|worker ...}: a Spark standalone master or worker started from the
 * distribution's {@code spark/} folder with plain {@code java} (no Spark download, no Hadoop), in a
 * child JVM of its own, since Spark cannot share the launcher's class path.
 */
final class ClusterCommand {

    private ClusterCommand() {
    }

    static int run(Path home, List<String> args, PrintStream err) {
        Path spark = home.resolve("spark");
        if (!Files.isDirectory(spark.resolve("jars"))) {
            err.println(spark.resolve("jars") + ": no Spark jars in this distribution; build it with mvn install");
            return 2;
        }
        java.util.Optional<String> bad = checkArguments(args.get(0), args.subList(1, args.size()));
        if (bad.isPresent()) {
            err.println(bad.get());
            return 2;
        }
        if (args.get(0).equals("worker")) {
            try {
                java.util.Optional<String> down = awaitMaster(masterOf(args.subList(1, args.size())),
                        Integer.getInteger("multilens.cluster.master.wait", 60), err);
                if (down.isPresent()) {
                    err.println(down.get());
                    return 2;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        String main = args.get(0).equals("master") ? "org.apache.spark.deploy.master.Master" : "org.apache.spark.deploy.worker.Worker";
        List<String> command = new ArrayList<>(List.of(javaBin(), "@" + spark.resolve("driver-jvm.args")));
        List<String> sparkArgs = new ArrayList<>(args.subList(1, args.size()));
        int gpus = sparkArgs.indexOf("--gpus");
        if (gpus >= 0) {
            // a worker's GPUs: Spark's resource scheduling, found by the distribution's discovery script
            if (gpus + 1 >= sparkArgs.size()) {
                err.println("--gpus needs a number of GPUs");
                return 2;
            }
            command.add("-Dspark.worker.resource.gpu.amount=" + sparkArgs.get(gpus + 1));
            command.add("-Dspark.worker.resource.gpu.discoveryScript=" + spark.resolve("gpu-discovery.sh"));
            sparkArgs.subList(gpus, gpus + 2).clear();
        }
        command.addAll(List.of("-cp", spark.resolve("jars") + "/*", main));
        command.addAll(sparkArgs);
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        environment(pb, home);
        try {
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            return p.waitFor();
        } catch (IOException e) {
            err.println("cannot start Spark's " + args.get(0) + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static final java.util.regex.Pattern MEMORY = java.util.regex.Pattern.compile("\\d+[kmgtKMGT]?[bB]?");
    private static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
            "spark://[^\\s/:,]+:\\d{1,5}(,[^\\s/:,]+:\\d{1,5})*");

    /**
     * The arguments Spark would reject with a page of its own output (or, for a worker whose master
     * does not answer, retry forever), checked first: one line, exit 2.
     */
    static java.util.Optional<String> checkArguments(String role, List<String> args) {
        String master = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "--port", "-p", "--webui-port" -> {
                    if (value == null || !value.matches("\\d{1,5}") || Integer.parseInt(value) > 65535) {
                        return java.util.Optional.of("cluster " + role + " " + a + " " + (value == null ? "" : value)
                                + ": give a port number 0..65535");
                    }
                    i++;
                }
                case "--memory", "-m" -> {
                    if (value == null || !MEMORY.matcher(value).matches()) {
                        return java.util.Optional.of("cluster " + role + " " + a + " " + (value == null ? "" : value)
                                + ": give an amount such as 4g or 512m");
                    }
                    i++;
                }
                case "--cores", "-c", "--gpus" -> {
                    if (value == null || !value.matches("[1-9]\\d{0,4}")) {
                        return java.util.Optional.of("cluster " + role + " " + a + " " + (value == null ? "" : value)
                                + ": give a number of at least 1");
                    }
                    i++;
                }
                case "--host", "-h", "--work-dir", "-d", "--properties-file" -> i++;   // any value
                default -> {
                    if (!a.startsWith("-")) {
                        master = a;
                    }
                }
            }
        }
        if (role.equals("worker")) {
            if (master == null || !MASTER.matcher(master).matches()) {
                return java.util.Optional.of("cluster worker " + (master == null ? "" : master + " ")
                        + ": give the master as spark://HOST:PORT (printed by 'multilens cluster master')");
            }
        }
        return java.util.Optional.empty();
    }

    /** Spark's worker and master options that take a value. */
    private static final java.util.Set<String> WITH_VALUE = java.util.Set.of("--port", "-p", "--webui-port", "--memory", "-m",
            "--cores", "-c", "--gpus", "--host", "-h", "--work-dir", "-d", "--properties-file");

    /** The worker's master URL: the first argument that is neither an option nor an option's value. */
    static String masterOf(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    /**
     * Waits up to {@code seconds} for a worker's master to answer (a master and its workers are
     * often started together); empty once it does, else the line to print. Spark's own worker
     * would retry forever, printing a stack trace per attempt.
     */
    static java.util.Optional<String> awaitMaster(String master, int seconds, PrintStream err) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        boolean said = false;
        while (true) {
            java.util.Optional<String> down = unreachable(master);
            if (down.isEmpty()) {
                return down;
            }
            if (System.nanoTime() >= deadline) {
                return java.util.Optional.of(down.get().replace("--cluster " + master, "cluster worker " + master)
                        + " (waited " + seconds + " s; -Dmultilens.cluster.master.wait=SECONDS waits longer)");
            }
            if (!said) {
                err.println("cluster worker: waiting up to " + seconds + " s for the master at " + master);
                said = true;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * A standalone master that does not answer is named in seconds, before any step runs (Spark
     * itself would retry for a minute); {@code local[...]} masters need no check.
     */
    static java.util.Optional<String> unreachable(String master) {
        if (!master.startsWith("spark://")) {
            return java.util.Optional.empty();
        }
        List<String> tried = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            try (java.net.Socket s = new java.net.Socket()) {
                java.net.URI uri = java.net.URI.create("spark://" + hostPort);
                s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
                return java.util.Optional.empty();
            } catch (IOException | IllegalArgumentException e) {
                tried.add(hostPort + " (" + e.getMessage() + ")");
            }
        }
        return java.util.Optional.of("--cluster " + master + ": cannot reach the Spark master at " + String.join(", ", tried)
                + "; start one with 'multilens cluster master' or check the address");
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** What Spark's scripts would set: SPARK_HOME as a folder of jars only needs the Scala version. */
    static void environment(ProcessBuilder pb, Path home) {
        pb.environment().put("SPARK_HOME", home.resolve("spark").toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().putIfAbsent("SPARK_LOCAL_DIRS", System.getProperty("java.io.tmpdir"));
        // executors' logs and shipped files: not inside the distribution
        pb.environment().putIfAbsent("SPARK_WORKER_DIR", Path.of(System.getProperty("java.io.tmpdir"), "multilens-spark-work").toString());
    }
}
