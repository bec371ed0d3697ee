package ovntrace.lib.trace;

import java.util.List;

/**
 * One leg of a finished trace, judged: who sent to whom, the tuple its packets carried and the translations on the
 * way, its verdict with the reason ({@link Verdicts#leg}), and its steps in the order they were planned.
 */
public record LegResult(Leg leg, String from, String to, Connection.Tuple tuple, List<String> translations,
                        Verdict verdict, String reason, List<StepResult> steps) {

    public LegResult {
        translations = List.copyOf(translations);
        steps = List.copyOf(steps);
    }
}
