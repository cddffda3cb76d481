package dev.gantry.web.dag;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a {@link RunGraph} with the Eclipse Layout Kernel's layered (Sugiyama) algorithm, left to right, groups
 * as boxes around their actions, edges routed orthogonally. The result is plain coordinates for {@link DagSvg}.
 */
public final class DagLayout {
    /** A node's height; its width follows its label. */
    static final double NODE_HEIGHT = 46;

    /** Where everything went: sizes in SVG units, boxes by action id and group name, edges as polylines. */
    public record Placed(double width, double height, Map<String, Box> nodes, Map<String, Box> groups,
                         List<Line> edges) {
    }

    public record Box(double x, double y, double w, double h) {
    }

    public record Point(double x, double y) {
    }

    public record Line(RunGraph.Edge edge, List<Point> points) {
    }

    public DagLayout() {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    /** The width a node needs for its label (the part after a group's dot). */
    static double nodeWidth(String label) {
        return Math.max(150, Math.min(320, 7.6 * label.length() + 56));
    }

    public Placed layout(RunGraph graph) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 48.0);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 18.0);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(12));
        Map<String, ElkNode> groupNodes = new LinkedHashMap<>();
        Map<String, ElkNode> nodes = new LinkedHashMap<>();
        for (String id : graph.actions()) {
            String group = graph.groupOf().get(id);
            ElkNode parent = root;
            if (group != null) {
                parent = groupNodes.computeIfAbsent(group, g -> {
                    ElkNode n = ElkGraphUtil.createNode(root);
                    n.setIdentifier("group:" + g);
                    n.setProperty(CoreOptions.PADDING, new ElkPadding(30, 12, 12, 12));
                    n.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
                    return n;
                });
            }
            ElkNode n = ElkGraphUtil.createNode(parent);
            n.setIdentifier(id);
            n.setDimensions(nodeWidth(label(id, group)), NODE_HEIGHT);
            nodes.put(id, n);
        }
        Map<ElkEdge, RunGraph.Edge> edges = new LinkedHashMap<>();
        for (RunGraph.Edge e : graph.edges()) {
            ElkNode from = nodes.get(e.from());
            ElkNode to = nodes.get(e.to());
            if (from == null || to == null || from == to) {
                continue;
            }
            ElkNode container = from.getParent() == to.getParent() ? from.getParent() : root;
            ElkEdge edge = ElkGraphUtil.createEdge(container);
            edge.getSources().add(from);
            edge.getTargets().add(to);
            edges.put(edge, e);
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

        Map<String, Box> boxes = new LinkedHashMap<>();
        nodes.forEach((id, n) -> boxes.put(id, box(n)));
        Map<String, Box> groups = new LinkedHashMap<>();
        groupNodes.forEach((g, n) -> groups.put(g, box(n)));
        List<Line> lines = new ArrayList<>();
        edges.forEach((edge, e) -> {
            double[] offset = absolute(edge.getContainingNode());
            List<Point> points = new ArrayList<>();
            for (ElkEdgeSection s : edge.getSections()) {
                points.add(new Point(s.getStartX() + offset[0], s.getStartY() + offset[1]));
                for (ElkBendPoint p : s.getBendPoints()) {
                    points.add(new Point(p.getX() + offset[0], p.getY() + offset[1]));
                }
                points.add(new Point(s.getEndX() + offset[0], s.getEndY() + offset[1]));
            }
            lines.add(new Line(e, points));
        });
        return new Placed(root.getWidth(), root.getHeight(), boxes, groups, lines);
    }

    /** What a node shows as its name: the action's name without its group. */
    static String label(String id, String group) {
        return group != null && id.startsWith(group + ".") ? id.substring(group.length() + 1) : id;
    }

    private static Box box(ElkNode n) {
        double[] at = absolute(n);
        return new Box(at[0], at[1], n.getWidth(), n.getHeight());
    }

    private static double[] absolute(ElkNode n) {
        double x = 0;
        double y = 0;
        for (ElkNode at = n; at != null && at.getParent() != null; at = at.getParent()) {
            x += at.getX();
            y += at.getY();
        }
        return new double[] {x, y};
    }
}
