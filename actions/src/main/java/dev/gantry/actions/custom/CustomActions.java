package dev.gantry.actions.custom;

import dev.gantry.engine.action.AdkAction;
import dev.gantry.engine.action.CustomActionCatalog;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionTypes;
import dev.gantry.engine.run.ActionWork;

import java.util.Map;

/**
 * What Gantry does for a custom (ADK) action ({@code Identifier: .}, {@code owner/name@vN},
 * {@code codecatalyst-labs/*}): finds it through the {@link CustomActionCatalog} and runs its Node.js scripts
 * ({@link NodeAction}). Checked at plan time: an action that cannot be found says how to map it; a required
 * {@code Configuration} parameter (with no default) the workflow does not give is an error; a runtime other than
 * Node.js cannot run.
 */
public final class CustomActions implements ActionTypes {
    private final CustomActionCatalog catalog;

    public CustomActions(CustomActionCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public ActionWork work(Action action) {
        String id = action.identifier();
        var found = catalog.find(id);
        if (found instanceof CustomActionCatalog.Lookup.Missing m) {
            return new ActionWork.Unsupported(m.message());
        }
        AdkAction adk = ((CustomActionCatalog.Lookup.Found) found).action();
        if (!adk.runtime().toLowerCase(java.util.Locale.ROOT).startsWith("node")) {
            return new ActionWork.Unsupported(id + " runs with '" + adk.runtime() + "' (" + adk.actionFile()
                    + "); Gantry runs Node.js custom actions (node16, node18, node20)");
        }
        Map<String, Object> given = action.configuration().properties();
        for (AdkAction.Input in : adk.inputs()) {
            Object v = given.get(in.name());
            if (in.required() && in.defaultValue() == null && (v == null || v.toString().isBlank())) {
                return new ActionWork.Invalid(in.name(), "input parameter '" + in.name()
                        + "' is required for action '" + action.id() + "' (" + adk.actionFile() + ")");
            }
        }
        return new ActionWork.RunTask(new NodeAction(this, id, adk, NodeAction.values(adk, given)));
    }
}
