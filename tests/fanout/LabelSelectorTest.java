package ovntrace.lib.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** kubectl's label-selector syntax, parsed and matched without an API server. */
class LabelSelectorTest {

    static final Map<String, String> FRONT = Map.of("app", "front", "tier", "web", "app.kubernetes.io/part-of", "shop");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', value = {
            "app=front; true", "app==front; true", "app=api; false", "app!=api; true", "app!=front; false",
            "missing!=x; true", "app in (front,api); true", "app in (api, db); false", "app notin (api); true",
            "app notin (front); false", "missing notin (x); true", "missing in (x); false", "app; true", "missing; false",
            "!missing; true", "!app; false", "app=front,tier=web; true", "app=front,tier=db; false",
            "app in (front, api),!canary,tier; true", "app.kubernetes.io/part-of=shop; true", "app = front ; true"})
    void a_pod_labelled_app_front_tier_web(String selector, boolean matches) {
        assertEquals(matches, LabelSelector.parse(selector).matches(FRONT), selector);
    }

    @Test
    void a_pod_without_labels_matches_only_negative_requirements() {
        assertTrue(LabelSelector.parse("app!=front,!canary").matches(null));
        assertFalse(LabelSelector.parse("app").matches(null));
    }

    @Test
    void commas_inside_a_set_do_not_split_requirements() {
        LabelSelector s = LabelSelector.parse("env in (prod,qa),app=web");
        assertEquals(2, s.requirements().size());
        assertEquals(LabelSelector.Op.IN, s.requirements().get(0).op());
        assertEquals(java.util.Set.of("prod", "qa"), s.requirements().get(0).values());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "app=front,", ",app", "app=fr ont", "app in (front", "app in front)", "app in ()",
            "Bad Key=x", "app=front!", "-app=x", "app=" + "x" + "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
            "a/b/c=x", "app=$(id)", "app in (x;id)", "=x", "!"})
    void a_malformed_selector_is_refused_with_a_reason(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSelector.parse(text));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void the_reason_names_the_requirement_at_fault() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSelector.parse("app=front,tier=we b"));
        assertTrue(e.getMessage().contains("tier=we b"), e.getMessage());
    }
}
