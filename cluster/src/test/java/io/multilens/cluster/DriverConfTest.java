package io.multilens.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The Spark configuration a job asks for: an executor's PyTorch threads and JVM processor count follow its cores. */
class DriverConfTest {

    private static Job job(int executorCores) {
        return new Job("plnd", "spark://h:7077", "/opt/multilens", List.of(), 2, 0, executorCores, null, "-Xss8m", false,
                List.of(), 45);
    }

    @Test
    void executorCoresSetTheExecutorsOpenMpThreads() {
        SparkConf conf = Driver.conf(job(3), "spark://h:7077");
        assertEquals("3", conf.get("spark.executor.cores"));
        assertEquals("3", conf.get("spark.task.cpus"));
        assertEquals("3", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("-Xss8m -XX:ActiveProcessorCount=3", conf.get("spark.executor.extraJavaOptions"));
    }

    @Test
    void withoutExecutorCoresTheWorkersEnvironmentDecides() {
        SparkConf conf = Driver.conf(job(0), "spark://h:7077");
        assertFalse(conf.contains("spark.executorEnv.OMP_NUM_THREADS"));
        assertFalse(conf.contains("spark.executor.cores"));
        assertEquals("-Xss8m", conf.get("spark.executor.extraJavaOptions"));
    }
}
