package dev.gantry.actions.deploy.lambda;

import dev.gantry.actions.aws.MotoServer;
import dev.gantry.actions.deploy.TaskHarness;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.StepsResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.gantry.actions.deploy.TaskHarness.action;
import static dev.gantry.actions.deploy.TaskHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * aws/lambda-invoke against a real moto_server. moto runs a function's code only in Docker; these tests use moto's
 * Docker-free Lambda backend (its {@code lambda.use_docker: false} setting), which answers an invocation with a
 * response queued through its API: so the function's response is set up by the test, while the Invoke call, the
 * response file, the filters and the errors are real.
 */
class LambdaInvokeTest {
    private static MotoServer moto;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        post("/moto-api/config", "{\"lambda\": {\"use_docker\": false}}");
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"));
        String role;
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(creds).build()) {
            role = iam.createRole(b -> b.roleName("fn").assumeRolePolicyDocument("{}")).role().arn();
        }
        byte[] code = zip();
        try (LambdaClient lambda = LambdaClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create(moto.endpoint())).credentialsProvider(creds).build()) {
            lambda.createFunction(b -> b.functionName("smoke").runtime(Runtime.NODEJS20_X).role(role)
                    .handler("index.handler").code(c -> c.zipFile(SdkBytes.fromByteArray(code))));
        }
    }

    @AfterAll
    static void stop() {
        moto.close();
    }

    private static void post(String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(moto.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    }

    private static byte[] zip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("index.js"));
            z.write("exports.handler = async () => ({status: 'ok'});".getBytes());
        }
        return bytes.toByteArray();
    }

    @Test
    void theResponseIsWrittenAndItsFilteredPartsBecomeOutputVariables(@TempDir Path tmp) throws Exception {
        post("/moto-api/static/lambda-simple/response",
                "{\"results\": [\"{\\\"status\\\": \\\"ok\\\", \\\"checks\\\": [{\\\"name\\\": \\\"db\\\"}]}\"], "
                        + "\"region\": \"us-east-1\"}");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Action a = action("Smoke", "aws/lambda-invoke@v1", Map.of("Function", "smoke", "AWSRegion", "us-east-1",
                "RequestPayload", "{\"probe\": true}",
                "ResponseFilters", "{\"status\": \"status\", \"first\": \".checks[0].name\"}"));
        TaskHarness h = new TaskHarness(src, moto.endpoint());
        StepsResult r = h.run(a, task(LambdaInvoke.plan(a)));
        assertThat(r.outputs()).containsEntry("status", "ok").containsEntry("first", "db");
        assertThat(Files.readString(src.resolve("lambda-response.json"))).contains("\"checks\"");
        assertThat(h.log).contains("invoking smoke (15 bytes of payload)")
                .anyMatch(l -> l.startsWith("response (status 200"));
    }

    /** (moto's Docker-free backend answers any function name, so a missing function cannot be shown here.) */
    @Test
    void filtersOnAResponseThatIsNotJsonFailTheActionQuotingIt(@TempDir Path tmp) throws Exception {
        post("/moto-api/static/lambda-simple/response", "{\"results\": [\"plain text\"], \"region\": \"us-east-1\"}");
        Action a = action("Smoke", "aws/lambda-invoke@v1", Map.of("Function", "smoke",
                "ResponseFilters", "{\"status\": \"status\"}"));
        TaskHarness h = new TaskHarness(Files.createDirectories(tmp.resolve("src")), moto.endpoint());
        assertThatThrownBy(() -> h.run(a, task(LambdaInvoke.plan(a)))).isInstanceOf(ActionFailure.class)
                .hasMessage("ResponseFilters need a JSON response; the function returned: plain text");
    }

    @Test
    void bothPayloadsOrNoFunctionAreRefusedAtPlanTime() {
        assertThat(LambdaInvoke.plan(action("L", "aws/lambda-invoke@v1", Map.of("RequestPayload", "{}"))))
                .isEqualTo(new ActionWork.Invalid("Function", "input parameter 'Function' is required for action 'L'"));
        assertThat(LambdaInvoke.plan(action("L", "aws/lambda-invoke@v1", Map.of("Function", "f",
                "RequestPayload", "{}", "RequestPayloadFile", "p.json")))).isInstanceOf(ActionWork.Invalid.class);
        assertThat(LambdaInvoke.plan(action("L", "aws/lambda-invoke@v1", Map.of("Function", "f",
                "ResponseFilters", "not json")))).isInstanceOf(ActionWork.Invalid.class);
    }
}
