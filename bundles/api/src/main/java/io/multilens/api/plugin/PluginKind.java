package io.multilens.api.plugin;

/** What a plugin does; {@code multilens plugins} groups by it. */
public enum PluginKind {
    DETECTOR, ABLATION, FINETUNER, EVALUATOR, ANALYZER, DATASET, TRAINER, REPORT, UTILITY
}
