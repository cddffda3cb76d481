package dev.gantry.web.dag;

import dev.gantry.server.history.ActionRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DagTest {
    private static ActionRecord action(String name, Long start, Long end, String... deps) {
        return new ActionRecord(name, 0, end == null ? "running" : "succeeded", "local", List.of(deps), null, start,
                end);
    }

    @Test
    void theCriticalPathIsTheLongestChainOfDurations() {
        List<ActionRecord> actions = List.of(action("a", 0L, 10L), action("b", 10L, 15L, "a"),
                action("c", 10L, 40L, "a"), action("d", 40L, 45L, "b", "c"), action("e", 0L, 20L));
        Map<String, ActionRecord> byName = new LinkedHashMap<>();
        actions.forEach(a -> byName.put(a.name(), a));
        CriticalPath p = CriticalPath.of(RunGraph.of(actions), byName, 100);
        assertThat(p.actions()).containsExactly("a", "c", "d");
        assertThat(p.millis()).isEqualTo(45);
        assertThat(p.has("a", "c")).isTrue();
        assertThat(p.has("a", "b")).isFalse();
    }

    @Test
    void aRunningActionCountsUntilNowAndNothingStartedMeansNoPath() {
        List<ActionRecord> actions = List.of(action("a", 0L, 10L), action("b", 10L, null, "a"));
        Map<String, ActionRecord> byName = Map.of("a", actions.get(0), "b", actions.get(1));
        assertThat(CriticalPath.of(RunGraph.of(actions), byName, 110).millis()).isEqualTo(110);
        List<ActionRecord> none = List.of(new ActionRecord("x", 0, "waiting", null, List.of(), null, null, null));
        assertThat(CriticalPath.of(RunGraph.of(none), Map.of(), 5).actions()).isEmpty();
    }

    @Test
    void elkPlacesGroupsAroundTheirActionsAndEdgesBetweenNodes() {
        RunGraph g = new RunGraph(List.of("Build", "Checks.Unit", "Checks.Lint", "Deploy"),
                Map.of("Checks.Unit", "Checks", "Checks.Lint", "Checks"),
                List.of(new RunGraph.Edge("Build", "Checks.Unit", Set.of("depends-on")),
                        new RunGraph.Edge("Build", "Checks.Lint", Set.of("variable")),
                        new RunGraph.Edge("Checks.Unit", "Deploy", Set.of("artifact"))));
        DagLayout.Placed p = new DagLayout().layout(g);
        DagLayout.Box group = p.groups().get("Checks");
        for (String member : List.of("Checks.Unit", "Checks.Lint")) {
            DagLayout.Box b = p.nodes().get(member);
            assertThat(b.x()).isGreaterThanOrEqualTo(group.x());
            assertThat(b.y()).isGreaterThanOrEqualTo(group.y());
            assertThat(b.x() + b.w()).isLessThanOrEqualTo(group.x() + group.w());
            assertThat(b.y() + b.h()).isLessThanOrEqualTo(group.y() + group.h());
        }
        assertThat(p.nodes().get("Build").x()).isLessThan(p.nodes().get("Checks.Unit").x());
        assertThat(p.nodes().get("Checks.Unit").x()).isLessThan(p.nodes().get("Deploy").x());
        assertThat(p.edges()).hasSize(3).allSatisfy(l -> assertThat(l.points()).hasSizeGreaterThanOrEqualTo(2));
        DagLayout.Line toDeploy = p.edges().get(2);
        DagLayout.Point end = toDeploy.points().get(toDeploy.points().size() - 1);
        assertThat(end.x()).isCloseTo(p.nodes().get("Deploy").x(), org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void twoHundredActionsAreLaidOutQuickly() {
        List<String> ids = new ArrayList<>();
        List<RunGraph.Edge> edges = new ArrayList<>();
        for (int layer = 0; layer < 20; layer++) {
            for (int i = 0; i < 10; i++) {
                ids.add("l" + layer + "a" + i);
                if (layer > 0) {
                    edges.add(new RunGraph.Edge("l" + (layer - 1) + "a" + ((i * 7) % 10), "l" + layer + "a" + i,
                            Set.of("depends-on")));
                }
            }
        }
        long t = System.nanoTime();
        DagLayout.Placed p = new DagLayout().layout(new RunGraph(ids, Map.of(), edges));
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertThat(p.nodes()).hasSize(200);
        assertThat(ms).as("a generous bound for a loaded machine").isLessThan(20_000);
    }
}
