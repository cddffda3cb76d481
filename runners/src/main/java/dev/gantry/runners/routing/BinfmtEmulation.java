package dev.gantry.runners.routing;

import dev.gantry.engine.config.Architecture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this machine's kernel can run programs of another architecture through a user-mode emulator (qemu)
 * registered in {@code binfmt_misc}: the registry must be mounted and enabled, and one of its entries must match
 * the ELF machine of the architecture, be enabled and carry the {@code F} (fix-binary) flag, so that the emulator
 * also works inside containers (a {@code docker build} step of another architecture runs in one).
 *
 * @param root the {@code binfmt_misc} folder, {@code /proc/sys/fs/binfmt_misc} (a test gives a folder of its own)
 */
public record BinfmtEmulation(Path root) {
    /** Where Linux mounts the registry. */
    public static final Path DEFAULT_ROOT = Path.of("/proc/sys/fs/binfmt_misc");

    /** The registry of this machine. */
    public static BinfmtEmulation ofThisMachine() {
        return new BinfmtEmulation(DEFAULT_ROOT);
    }

    /** The emulated architecture's entry name as Debian's {@code qemu-user-static} registers it. */
    public static String entryName(Architecture arch) {
        return arch == Architecture.ARM64 ? "qemu-aarch64" : "qemu-x86_64";
    }

    /** The ELF {@code e_machine} value of the architecture, as it appears (little-endian hex) in a magic. */
    private static String elfMachine(Architecture arch) {
        return arch == Architecture.ARM64 ? "b700" : "3e00";
    }

    /**
     * The entry that lets this machine run {@code arch} programs, e.g. {@code qemu-aarch64}, or why there is none.
     */
    public Result check(Architecture arch) {
        String want = entryName(arch);
        if (!Files.isRegularFile(root.resolve("status"))) {
            return Result.no("binfmt_misc is not mounted at " + root + " (mount -t binfmt_misc binfmt_misc " + root
                    + "), so no " + want + " emulator is registered");
        }
        if (!firstLine(root.resolve("status")).equals("enabled")) {
            return Result.no("binfmt_misc at " + root + " is disabled (echo 1 > " + root.resolve("status") + ")");
        }
        List<String> problems = new ArrayList<>();
        for (Path entry : entries()) {
            List<String> lines = lines(entry);
            if (!matches(lines, arch)) {
                continue;
            }
            String name = entry.getFileName().toString();
            if (!lines.isEmpty() && !lines.get(0).equals("enabled")) {
                problems.add(name + " is registered but disabled (echo 1 > " + entry + ")");
            } else if (!flags(lines).contains("F")) {
                problems.add(name + " is registered without the F (fix-binary) flag, so containers cannot use it "
                        + "(Debian 12's qemu-user-static registers it with F)");
            } else {
                return new Result(Optional.of(name), null);
            }
        }
        if (!problems.isEmpty()) {
            return Result.no(String.join("; ", problems));
        }
        return Result.no("no " + want + " emulator is registered in " + root
                + " (apt-get install qemu-user-static binfmt-support)");
    }

    private List<Path> entries() {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.equals("status") && !n.equals("register") && Files.isRegularFile(p)) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort(null);
        return found;
    }

    /** An entry matches when it names the emulator or its ELF magic is the architecture's machine. */
    private static boolean matches(List<String> lines, Architecture arch) {
        for (String l : lines) {
            if (l.startsWith("magic ")) {
                String magic = l.substring(6).trim().toLowerCase(Locale.ROOT);
                // e_machine is at byte 18 of an ELF header; 64-bit ELF ("7f454c4602")
                return magic.startsWith("7f454c4602") && magic.length() >= 40
                        && magic.substring(36, 40).equals(elfMachine(arch));
            }
        }
        return false;
    }

    private static String flags(List<String> lines) {
        for (String l : lines) {
            if (l.startsWith("flags:")) {
                return l.substring(6).trim();
            }
        }
        return "";
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p).stream().map(String::trim).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String firstLine(Path p) {
        List<String> l = lines(p);
        return l.isEmpty() ? "" : l.get(0);
    }

    /**
     * The outcome of {@link #check}.
     *
     * @param entry   the registry entry that runs the architecture, if any
     * @param problem why none does, when {@code entry} is empty
     */
    public record Result(Optional<String> entry, String problem) {
        static Result no(String problem) {
            return new Result(Optional.empty(), problem);
        }

        public boolean ok() {
            return entry.isPresent();
        }
    }
}
