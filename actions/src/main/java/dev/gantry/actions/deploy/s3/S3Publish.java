package dev.gantry.actions.deploy.s3;

import dev.gantry.actions.deploy.ActionProperties;
import dev.gantry.actions.deploy.DeployTask;
import dev.gantry.actions.deploy.TaskCancelled;
import dev.gantry.actions.deploy.TaskRun;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code aws/s3-publish@v1}: copies {@code SourcePath} (a file or a folder, relative to the primary input; no
 * wildcards) to {@code s3://DestinationBucketName/TargetPath/}, each object with its content type, with the
 * action's Environment credentials. A folder's files keep their relative paths under {@code TargetPath}.
 */
public final class S3Publish extends DeployTask {
    private final String sourcePath;
    private final String bucket;
    private final String targetPath;

    private S3Publish(String sourcePath, String bucket, String targetPath) {
        super(S3Publish::plan);
        this.sourcePath = sourcePath;
        this.bucket = bucket;
        this.targetPath = targetPath;
    }

    /** What {@code action} does, or why its configuration cannot run (checked at plan time). */
    public static ActionWork plan(Action action) {
        ActionProperties p = ActionProperties.of(action);
        var missing = p.missing(action, "SourcePath", "DestinationBucketName");
        if (missing.isPresent()) {
            return missing.get();
        }
        String source = p.string("SourcePath", "");
        if (source.contains("*") || source.contains("?")) {
            return new ActionWork.Invalid("SourcePath", "SourcePath '" + source
                    + "' has a wildcard; the action takes one file or one folder");
        }
        return new ActionWork.RunTask(new S3Publish(source, p.string("DestinationBucketName", ""),
                p.string("TargetPath", "")));
    }

    @Override
    public String describe() {
        return "s3-publish " + sourcePath + " to s3://" + bucket + "/" + targetPath;
    }

    @Override
    protected Map<String, String> execute(TaskRun run) throws ActionFailure, TaskCancelled, IOException {
        Path source = run.inputPath(sourcePath);
        String bucketName = run.expand(bucket);
        String prefix = run.expand(targetPath).replaceFirst("^/+", "");
        if (!Files.exists(source)) {
            throw failure(run, "SourcePath '" + sourcePath + "' does not exist (looked for " + run.shown(source) + ")");
        }
        List<Path> files = new ArrayList<>();
        boolean folder = Files.isDirectory(source);
        if (folder) {
            try (Stream<Path> walk = Files.walk(source)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else {
            files.add(source);
        }
        long bytes = 0;
        try (S3Client s3 = run.aws(null).client(S3Client.builder()
                .forcePathStyle(run.environment().get("AWS_ENDPOINT_URL") != null))) {
            for (Path f : files) {
                run.checkCancelled();
                String rel = folder ? source.relativize(f).toString().replace('\\', '/') : f.getFileName().toString();
                String key = prefix.isEmpty() ? rel : prefix.endsWith("/") ? prefix + rel : prefix + "/" + rel;
                String type = ContentTypes.of(f.getFileName().toString());
                s3.putObject(b -> b.bucket(bucketName).key(key).contentType(type), RequestBody.fromFile(f));
                bytes += Files.size(f);
                run.log("upload: " + run.shown(f) + " to s3://" + bucketName + "/" + key + " (" + type + ")");
            }
        }
        run.log("published " + files.size() + " file" + (files.size() == 1 ? "" : "s") + " (" + bytes
                + " bytes) to s3://" + bucketName + "/" + prefix);
        return Map.of();
    }
}
