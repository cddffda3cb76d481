package dev.gantry.cli.graph;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Fleets;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.plan.ActionGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code gantry list} prints: one row per action in file order — its id, identifier, the actions it waits for
 * (DependsOn through groups, and implicit variable and artifact dependencies), the fleet it runs on and that
 * fleet's CPU architecture ({@code amd64}, {@code arm64}, {@code ?} for a provisioned fleet, {@code -} for a gate,
 * which runs on no compute).
 */
public final class ActionTable {
    private final List<Row> rows;

    /**
     * One action.
     *
     * @param name         qualified id ({@code Group.Action} inside a group)
     * @param identifier   its {@code Identifier}
     * @param dependsOn    ids of the actions it waits for directly
     * @param fleet        the fleet it runs on (the default applied), {@code -} for a gate
     * @param architecture {@code amd64}, {@code arm64}, {@code ?} (provisioned fleet) or {@code -} (gate)
     */
    public record Row(String name, String identifier, List<String> dependsOn, String fleet, String architecture) {
    }

    private ActionTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The table of {@code workflow}. */
    public static ActionTable of(Workflow workflow) {
        ActionGraph graph = ActionGraph.of(workflow);
        List<Row> rows = new ArrayList<>();
        for (Action a : workflow.actions()) {
            List<String> up = List.copyOf(graph.upstream(a.id()));
            if (a.isGate()) {
                rows.add(new Row(a.id(), a.identifier(), up, "-", "-"));
                continue;
            }
            String fleet = workflow.fleetOf(a);
            rows.add(new Row(a.id(), a.identifier(), up, fleet, Fleets.architecture(fleet).orElse("?")));
        }
        return new ActionTable(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** Aligned columns under a header line. */
    public String text() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"NAME", "IDENTIFIER", "DEPENDS ON", "FLEET", "ARCH"});
        for (Row r : rows) {
            cells.add(new String[] {r.name(), String.valueOf(r.identifier()),
                r.dependsOn().isEmpty() ? "-" : String.join(", ", r.dependsOn()), r.fleet(), r.architecture()});
        }
        int[] width = new int[5];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]).append(" ".repeat(i + 1 < row.length ? width[i] - row[i].length() + 3 : 0));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** A JSON array of {@code {name, identifier, dependsOn, fleet, architecture}}. */
    public String json() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            StringBuilder deps = new StringBuilder("[");
            for (String d : r.dependsOn()) {
                deps.append(deps.length() == 1 ? "" : ", ").append(JsonGraph.str(d));
            }
            out.append(i == 0 ? "\n" : ",\n").append("  {\"name\": ").append(JsonGraph.str(r.name()))
                    .append(", \"identifier\": ").append(JsonGraph.str(r.identifier()))
                    .append(", \"dependsOn\": ").append(deps).append(']')
                    .append(", \"fleet\": ").append(JsonGraph.str(r.fleet()))
                    .append(", \"architecture\": ").append(JsonGraph.str(r.architecture())).append('}');
        }
        return out.append(rows.isEmpty() ? "]\n" : "\n]\n").toString();
    }
}
