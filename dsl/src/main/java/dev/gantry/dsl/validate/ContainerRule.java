package dev.gantry.dsl.validate;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Container;
import dev.gantry.engine.model.Fleets;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A build or test action's {@code Container} against the compute it runs on (reference §2.9, §4.4).
 *
 * <ul>
 *   <li>{@code lambda-unsupported} (error): a custom image, or an EC2 curated image, on Lambda compute (Lambda
 *       runs only the {@code CodeCatalystLinuxLambda_*} curated images).</li>
 *   <li>{@code container-image} (warning): a Lambda curated image on EC2 compute.</li>
 *   <li>{@code container-architecture} (warning): a curated image built for the other CPU architecture than the
 *       fleet's.</li>
 * </ul>
 */
final class ContainerRule implements Rule {
    private static final Pattern CURATED =
            Pattern.compile("CodeCatalyst(Linux|LinuxLambda|Windows)_(x86_64|Arm64)(:.*)?");

    @Override
    public void check(ValidationContext ctx) {
        for (Action a : ctx.workflow().actions()) {
            Container c = a.configuration().container();
            if (c == null || c.image() == null) {
                continue;
            }
            String path = ValidationContext.path(a) + "/Configuration/Container";
            boolean curatedRegistry = "CODECATALYST".equalsIgnoreCase(c.registry());
            Matcher m = CURATED.matcher(c.image());
            boolean curated = curatedRegistry && m.matches();
            Compute compute = ctx.effectiveCompute(a);
            boolean lambda = compute != null && compute.type() == ComputeType.LAMBDA;
            if (lambda && !curated) {
                ctx.errorAtKey(path, "lambda-unsupported", "action " + a.id() + " runs on Lambda compute, which "
                        + "cannot use a custom image (" + c.image() + "): remove Container or use EC2 compute");
                continue;
            }
            if (!curated) {
                continue;
            }
            String kind = m.group(1);
            String arch = m.group(2);
            String tag = m.group(3) == null ? "" : m.group(3);
            if (lambda && !"LinuxLambda".equals(kind)) {
                ctx.error(path + "/Image", "lambda-unsupported", "image " + c.image() + " is for EC2 compute; on "
                        + "Lambda use CodeCatalystLinuxLambda_" + arch + tag);
            } else if (!lambda && "LinuxLambda".equals(kind)) {
                ctx.warning(path + "/Image", "container-image", "image " + c.image() + " is made for Lambda "
                        + "compute, but action " + a.id() + " runs on EC2: use CodeCatalystLinux_" + arch + tag);
            }
            String fleet = compute == null ? Compute.DEFAULT_FLEET : compute.effectiveFleet();
            Optional<String> fleetArch = Fleets.architecture(fleet);
            String imageArch = "Arm64".equals(arch) ? "arm64" : "amd64";
            if (fleetArch.isPresent() && !fleetArch.get().equals(imageArch)) {
                String want = "arm64".equals(fleetArch.get()) ? "Arm64" : "x86_64";
                ctx.warning(path + "/Image", "container-architecture", "image " + c.image() + " is built for "
                        + imageArch + ", but fleet " + fleet + " is " + fleetArch.get() + ": use the _" + want
                        + " image or an " + imageArch + " fleet");
            }
        }
    }
}
