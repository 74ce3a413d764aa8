package io.multilens.steer;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import io.multilens.api.status.StepFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which language a generated text is in, by Lingua (a maintained n-gram identifier) restricted to
 * the languages of the experiment: a code of {@code languages}, or "" when Lingua cannot decide.
 * Restricted, it calls a text in an unlisted language one of the listed ones; a minimum relative
 * distance makes it say "undecided" instead when no listed language clearly wins.
 */
final class LanguageId implements AutoCloseable {

    private final LanguageDetector detector;

    LanguageId(List<String> languages) {
        this(languages, 0.0);
    }

    /**
     * @param minRelativeDistance Lingua's minimum distance between the best and the next language's
     *                            confidence (0: always decide; up to about 0.99): texts below it are undecided
     */
    LanguageId(List<String> languages, double minRelativeDistance) {
        List<IsoCode639_1> codes = new ArrayList<>();
        for (String l : languages) {
            try {
                codes.add(IsoCode639_1.valueOf(l.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new StepFailure("language '" + l + "' is not an ISO 639-1 code the language identifier (Lingua) knows");
            }
        }
        if (codes.size() < 2) {
            throw new StepFailure("the language identifier needs at least two candidate languages, got " + languages);
        }
        if (!(minRelativeDistance >= 0 && minRelativeDistance < 1)) {
            throw new StepFailure("option 'min_relative_distance' is " + minRelativeDistance + "; it must be in [0, 1)");
        }
        this.detector = LanguageDetectorBuilder.fromIsoCodes639_1(codes.toArray(new IsoCode639_1[0]))
                .withMinimumRelativeDistance(minRelativeDistance).build();
    }

    String identify(String text) {
        Language l = detector.detectLanguageOf(text);
        return l == Language.UNKNOWN ? "" : l.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        detector.unloadLanguageModels();
    }
}
