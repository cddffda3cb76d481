package dev.gantry.engine.model;

import java.util.List;
import java.util.Optional;

/**
 * The service's on-demand fleets (reference §2.4) and what a fleet name says about the machine. Any other name is
 * a provisioned fleet, whose architecture only its owner knows.
 */
public final class Fleets {
    /** On-demand fleet names, as the service spells them. */
    public static final List<String> ON_DEMAND = List.of(
            "Linux.x86-64.Large", "Linux.x86-64.XLarge", "Linux.x86-64.2XLarge",
            "Linux.Arm64.Large", "Linux.Arm64.XLarge", "Linux.Arm64.2XLarge",
            "Windows.x86-64.XLarge", "Windows.x86-64.2XLarge");

    private Fleets() {
    }

    /** Whether {@code fleet} is an on-demand fleet name (exact spelling). */
    public static boolean isOnDemand(String fleet) {
        return ON_DEMAND.contains(fleet);
    }

    /** Whether the on-demand {@code fleet} can run Lambda compute: Linux Large and XLarge only. */
    public static boolean supportsLambda(String fleet) {
        return fleet.startsWith("Linux.") && !fleet.endsWith(".2XLarge");
    }

    /**
     * The CPU architecture of an on-demand fleet: {@code amd64} for {@code Linux.x86-64.*} and
     * {@code Windows.x86-64.*}, {@code arm64} for {@code Linux.Arm64.*}; empty for a provisioned fleet.
     */
    public static Optional<String> architecture(String fleet) {
        if (!isOnDemand(fleet)) {
            return Optional.empty();
        }
        return Optional.of(fleet.contains(".Arm64.") ? "arm64" : "amd64");
    }

    /**
     * The machine size of an on-demand fleet as the reference's fleet table gives it (§2.4): {@code Large} 2 vCPU
     * and 4 GiB, {@code XLarge} 4 vCPU and 8 GiB, {@code 2XLarge} 8 vCPU and 16 GiB; empty for a provisioned fleet.
     */
    public static Optional<Size> size(String fleet) {
        if (!isOnDemand(fleet)) {
            return Optional.empty();
        }
        if (fleet.endsWith(".2XLarge")) {
            return Optional.of(new Size(8, 16));
        }
        return Optional.of(fleet.endsWith(".XLarge") ? new Size(4, 8) : new Size(2, 4));
    }

    /**
     * A fleet's machine size.
     *
     * @param vcpus     virtual CPUs
     * @param memoryGiB memory in GiB
     */
    public record Size(int vcpus, int memoryGiB) {
    }
}
