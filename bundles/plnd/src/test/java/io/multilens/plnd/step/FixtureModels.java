package io.multilens.plnd.step;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelProvider;
import io.multilens.plnd.Fixtures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Loads fixture-style checkpoints once per test and closes them afterwards. */
final class FixtureModels implements ModelProvider, AutoCloseable {

    private final Map<Path, LanguageModel> models = new HashMap<>();

    @Override
    public LanguageModel get(Path dir, String device, io.multilens.api.model.ModelDtype dtype) {
        return models.computeIfAbsent(dir.toAbsolutePath().normalize(), Fixtures::load);
    }

    @Override
    public void close() {
        models.values().forEach(LanguageModel::close);
        models.clear();
    }
}
