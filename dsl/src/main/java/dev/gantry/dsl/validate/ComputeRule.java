package dev.gantry.dsl.validate;

import dev.gantry.engine.diagnostic.NameSuggestion;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Fleets;
import dev.gantry.engine.model.Step;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compute (reference §1.4, §2.3, §2.4, §5.2).
 *
 * <ul>
 *   <li>{@code compute-both-levels} (error): Compute on the workflow and on an action.</li>
 *   <li>{@code shared-instance} (error): SharedInstance on an action, or with Lambda, or on a Windows fleet.</li>
 *   <li>{@code fleet-compute-type} (error): a fleet that the compute type cannot use (2XLarge and Windows are
 *       EC2 only).</li>
 *   <li>{@code fleet-unknown} (warning): not an on-demand fleet, so a provisioned fleet; fine when
 *       {@link ValidationOptions#knownFleets()} lists it.</li>
 *   <li>{@code lambda-unsupported}: file caching on Lambda (error); a Docker-based action on Lambda (error when
 *       the action asks for Lambda itself, warning when it inherits the workflow's Lambda compute, and always a
 *       warning for CDK bootstrap and deploy, which public workflows run on Lambda).</li>
 *   <li>{@code lambda-docker} (warning): a step runs {@code docker}, which Lambda compute cannot.</li>
 * </ul>
 */
final class ComputeRule implements Rule {
    /**
     * Docker-based actions that public workflows, written with the service's own editor, run with {@code Type:
     * Lambda} although the documentation says they cannot: a warning, not an error.
     */
    private static final Set<String> LAMBDA_SEEN_IN_PRACTICE = Set.of("aws/cdk-bootstrap", "aws/cdk-deploy");

    private static final Pattern DOCKER_COMMAND =
            Pattern.compile("(^|[\\s;&|(`]|\\$\\()(sudo\\s+)?docker(\\s|-compose\\b|$)", Pattern.MULTILINE);

    @Override
    public void check(ValidationContext ctx) {
        Compute workflowCompute = ctx.workflow().compute();
        if (workflowCompute != null) {
            checkCompute(ctx, workflowCompute, "/Compute");
        }
        for (Action a : ctx.workflow().actions()) {
            String path = ValidationContext.path(a);
            if (a.compute() != null) {
                if (workflowCompute != null) {
                    bothLevels(ctx, a, workflowCompute, path);
                }
                if (a.compute().sharedInstance() != null) {
                    ctx.errorAtKey(path + "/Compute/SharedInstance", "shared-instance", "SharedInstance is a "
                            + "workflow-level setting; move it to the workflow's Compute or remove it");
                }
                checkCompute(ctx, a.compute(), path + "/Compute");
            }
            lambda(ctx, a, path);
        }
    }

    private static void bothLevels(ValidationContext ctx, Action a, Compute workflowCompute, String path) {
        Compute own = a.compute();
        boolean sameType = own.type() == null || own.type() == workflowCompute.type();
        boolean sameFleet = own.fleet() == null || own.effectiveFleet().equals(workflowCompute.effectiveFleet());
        String line = " (line " + ctx.atKey("/Compute").line() + ")";
        if (sameType && sameFleet) {
            ctx.warningAtKey(path + "/Compute", "compute-both-levels", "action " + a.id() + " repeats the "
                    + "workflow's Compute" + line + "; the reference allows Compute on the workflow or on actions, "
                    + "not both: remove it here");
        } else {
            ctx.errorAtKey(path + "/Compute", "compute-both-levels", "action " + a.id() + " sets Compute "
                    + describe(own) + ", but the workflow sets " + describe(workflowCompute) + line
                    + "; Compute goes either on the workflow or on actions, never both: remove one");
        }
    }

    private static String describe(Compute c) {
        return (c.type() == null ? "" : c.type() == ComputeType.LAMBDA ? "Lambda " : "EC2 ") + c.effectiveFleet();
    }

    private static void checkCompute(ValidationContext ctx, Compute c, String path) {
        boolean lambda = c.type() == ComputeType.LAMBDA;
        if (Boolean.TRUE.equals(c.sharedInstance()) && path.equals("/Compute")) {
            if (lambda) {
                ctx.error(path + "/SharedInstance", "shared-instance", "compute sharing (SharedInstance: TRUE) "
                        + "needs EC2 compute, not Lambda: set Type to EC2 or SharedInstance to FALSE");
            } else if (c.fleet() != null && c.fleet().startsWith("Windows.")) {
                ctx.error(path + "/SharedInstance", "shared-instance", "compute sharing is not available on "
                        + "Windows fleets: use a Linux fleet or set SharedInstance to FALSE");
            }
        }
        String fleet = c.fleet();
        if (fleet == null) {
            return;
        }
        if (Fleets.isOnDemand(fleet)) {
            if (lambda && !Fleets.supportsLambda(fleet)) {
                ctx.error(path + "/Fleet", "fleet-compute-type", "fleet " + fleet + " runs EC2 compute only; "
                        + "with Type: Lambda use a Large or XLarge Linux fleet, or set Type to EC2");
            }
        } else if (!ctx.options().knownFleets().contains(fleet)) {
            ctx.warning(path + "/Fleet", "fleet-unknown", "fleet '" + fleet + "' is not an on-demand fleet, so it "
                    + "must be a provisioned fleet of your space" + NameSuggestion.didYouMean(fleet, Fleets.ON_DEMAND)
                    + "; declare it in the runner configuration to silence this");
        }
    }

    private static void lambda(ValidationContext ctx, Action a, String path) {
        Compute c = ctx.effectiveCompute(a);
        if (c == null || c.type() != ComputeType.LAMBDA) {
            return;
        }
        boolean own = a.compute() != null;
        String where = own ? "" : " (Lambda is the workflow's compute type, line " + ctx.atKey("/Compute").line()
                + ")";
        if (!a.caches().isEmpty()) {
            ctx.errorAtKey(path + "/Caching", "lambda-unsupported", "file caching needs EC2 compute; action "
                    + a.id() + " runs on Lambda" + where + ": remove Caching or use EC2");
        }
        if (a.kind().dockerBased() && LAMBDA_SEEN_IN_PRACTICE.contains(a.identifierName())) {
            // The service's documentation says no, but public workflows written with its editor say Lambda.
            ctx.warning(path + (own ? "/Compute/Type" : "/Identifier"), "lambda-unsupported", a.identifier()
                    + " runs in Docker, which the service documents as impossible on Lambda compute" + where
                    + "; Gantry runs the action in its usual way");
        } else if (a.kind().dockerBased()) {
            String msg = a.identifier() + " runs in Docker and cannot run on Lambda compute" + where
                    + ": use EC2" + (own ? "" : " for this action");
            if (own) {
                ctx.errorOnce(ctx.at(path + "/Compute/Type"), "lambda-unsupported", msg);
            } else {
                ctx.warning(path + "/Identifier", "lambda-unsupported", msg);
            }
        }
        for (int i = 0; i < a.configuration().steps().size(); i++) {
            Step s = a.configuration().steps().get(i);
            if (s.run() != null && DOCKER_COMMAND.matcher(s.run()).find()) {
                ctx.warning(path + "/Configuration/Steps/" + i + "/Run", "lambda-docker", "this step runs docker, "
                        + "but action " + a.id() + " runs on Lambda compute" + where
                        + ", which cannot build or run containers: use EC2");
                break;
            }
        }
    }
}
