package dev.gantry.dsl.action;

import dev.gantry.engine.action.CustomActionCatalog;
import dev.gantry.engine.config.CustomActionConfig;
import dev.gantry.engine.config.GantryConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The custom actions a run can use: {@code Identifier: .} is the repository's own
 * {@code .codecatalyst/actions/action.yml}; {@code owner/name@vN} (CodeCatalyst Labs and partner actions included)
 * is the folder or git repository {@code gantry.yaml} maps it to under {@code actions:}. A git repository is cloned
 * (at its {@code ref}) into the local action cache the first time, and used from there afterwards; nothing that is
 * not mapped is ever fetched.
 */
public final class ConfiguredCustomActions implements CustomActionCatalog {
    private static final long GIT_TIMEOUT_SECONDS = 300;
    private final GantryConfig config;
    private final Path repository;
    private final Path cacheDir;

    /**
     * @param config     the configuration ({@code actions:})
     * @param repository the root of the repository holding the workflow
     * @param cacheDir   the local action cache (git clones), e.g. {@code ~/.cache/gantry/adk-actions}
     */
    public ConfiguredCustomActions(GantryConfig config, Path repository, Path cacheDir) {
        this.config = config;
        this.repository = repository;
        this.cacheDir = cacheDir;
    }

    @Override
    public Lookup find(String identifier) {
        if (".".equals(identifier)) {
            Path file = repository.resolve(".codecatalyst").resolve("actions").resolve("action.yml");
            if (!Files.isRegularFile(file)) {
                return new Lookup.Missing("Identifier '.' runs this repository's own action, but there is no "
                        + ".codecatalyst/actions/action.yml in " + repository);
            }
            return AdkActionFile.read(file, repository);
        }
        var mapped = config.customAction(identifier);
        if (mapped.isEmpty()) {
            String name = identifier.contains("@") ? identifier.substring(0, identifier.indexOf('@')) : identifier;
            return new Lookup.Missing("custom action '" + identifier + "' is not mapped; Gantry downloads nothing "
                    + "itself: map it to the action's folder or git repository in gantry.yaml:\n"
                    + "  actions:\n    " + identifier + ": {path: ../" + name.substring(name.indexOf('/') + 1)
                    + "}        # or {git: https://..., ref: v1}");
        }
        CustomActionConfig c = mapped.get();
        Path folder;
        if (c.path() != null) {
            folder = c.path();
            if (!Files.isDirectory(folder)) {
                return new Lookup.Missing("custom action '" + identifier + "' is mapped to " + folder + " ("
                        + c.origin().file() + ":" + c.origin().position().line() + "), which is not a folder");
            }
        } else {
            try {
                folder = checkout(c);
            } catch (IOException e) {
                return new Lookup.Missing("custom action '" + identifier + "': " + e.getMessage());
            }
            if (c.directory() != null) {
                folder = folder.resolve(c.directory()).normalize();
            }
        }
        Path file = AdkActionFile.locate(folder);
        if (!Files.isRegularFile(file)) {
            return new Lookup.Missing("custom action '" + identifier + "': no .codecatalyst/actions/action.yml or "
                    + "action.yml in " + folder);
        }
        return AdkActionFile.read(file, folder);
    }

    /** The action cache's clone of {@code c.git()} at {@code c.ref()}, made (once) when missing. */
    private Path checkout(CustomActionConfig c) throws IOException {
        Path target = cacheDir.resolve(key(c.git() + "#" + (c.ref() == null ? "" : c.ref())));
        if (Files.isDirectory(target.resolve(".git"))) {
            return target;
        }
        Files.createDirectories(cacheDir);
        Path partial = Files.createTempDirectory(cacheDir, "clone-");
        List<String> cmd = new ArrayList<>(List.of("git", "clone", "--quiet", "--depth", "1"));
        if (c.ref() != null) {
            cmd.addAll(List.of("--branch", c.ref()));
        }
        cmd.addAll(List.of("--", c.git(), partial.resolve("repo").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("git clone " + c.git() + " did not finish in " + GIT_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("git clone " + c.git() + (c.ref() == null ? "" : " at " + c.ref())
                        + " failed: " + new String(out, StandardCharsets.UTF_8).strip());
            }
            Files.move(partial.resolve("repo"), target);
            return target;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while cloning " + c.git());
        } finally {
            dev.gantry.engine.files.FolderTrees.deleteQuietly(partial);
        }
    }

    private static String key(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
