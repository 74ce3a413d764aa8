package io.multilens.api.neurons;

/** The paper's three layer stages of multilingual processing. */
public enum Stage {
    UNDERSTANDING("understanding"),
    TASK_SOLVING("task_solving"),
    GENERATION("generation");

    private final String key;

    Stage(String key) {
        this.key = key;
    }

    /** The option name in workflows. */
    public String key() {
        return key;
    }
}
