package dev.gantry.actions.aws;

import dev.gantry.engine.config.EnvironmentConfig;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Connection;
import dev.gantry.engine.model.Environment;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.model.Workflow;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.services.sts.StsClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Gives each action the AWS identity its workflow declares. For an action whose {@code Environment} is mapped in
 * the Gantry configuration: with {@code Connections[{Name, Role}]}, assumes
 * {@code arn:aws:iam::<account>:role/<Role>} with STS (session {@code gantry-<workflow>-<action>}, lasting the
 * action's timeout) from the environment's base credentials; without connections, uses the base credentials
 * themselves. Either way the steps get {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION} and {@code AWS_ENDPOINT_URL} (each unless
 * the action declares it itself). An unmapped environment changes nothing: the user's own {@code AWS_*} variables
 * pass through, with a notice.
 *
 * <p>One instance per run (it keeps an STS client per environment); thread-safe; close it at the end.
 */
public final class AwsEnvironments implements AutoCloseable {
    /** Credential variables Gantry sets for a mapped environment. */
    public static final List<String> CREDENTIAL_VARIABLES = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN");
    /**
     * Host variables that would choose other credentials than the ones Gantry sets; removed from a mapped
     * environment's steps.
     */
    public static final List<String> COMPETING_VARIABLES = List.of("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
            "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_CREDENTIAL_EXPIRATION");

    private final GantryConfig config;
    private final BaseCredentials baseCredentials;
    private final Map<String, String> hostEnvironment;
    private final AwsClients clients;
    private final Map<String, StsClient> stsByEnvironment = new ConcurrentHashMap<>();

    /**
     * @param config          the Gantry configuration (its {@code environments})
     * @param baseCredentials where base credentials come from ({@link BaseCredentials#standard()} in production)
     * @param hostEnvironment this process's environment, for the region chain ({@code AWS_REGION},
     *                        {@code AWS_DEFAULT_REGION}, {@code AWS_PROFILE})
     * @param clients         builds SDK clients
     */
    public AwsEnvironments(GantryConfig config, BaseCredentials baseCredentials, Map<String, String> hostEnvironment,
                           AwsClients clients) {
        this.config = config;
        this.baseCredentials = baseCredentials;
        this.hostEnvironment = Map.copyOf(hostEnvironment);
        this.clients = clients;
    }

    /** The standard set-up for this process: SDK profiles and default chain, the real environment. */
    public static AwsEnvironments forThisProcess(GantryConfig config) {
        return new AwsEnvironments(config, BaseCredentials.standard(), System.getenv(), new AwsClients());
    }

    /**
     * Problems that would stop actions before their first step and can be seen before running anything: a
     * connection of a mapped environment with no account id. Plain messages, one per connection.
     */
    public List<String> problems(Workflow workflow) {
        return problems(workflow.actions());
    }

    /** {@link #problems(Workflow)} for some actions only (those a run will run). */
    public List<String> problems(Collection<Action> actions) {
        Set<String> problems = new LinkedHashSet<>();
        for (Action a : actions) {
            Environment e = a.environment();
            if (e == null) {
                continue;
            }
            EnvironmentConfig env = config.environment(e.name()).orElse(null);
            if (env == null) {
                continue;
            }
            for (Connection c : e.connections()) {
                if (env.accountIdFor(c.name()).isEmpty()) {
                    problems.add(missingAccount(env, c));
                }
            }
        }
        return List.copyOf(problems);
    }

    /**
     * What {@link #resolve} would do for {@code action}, in words, without calling AWS (for {@code --dry-run});
     * {@code null} when the action has no {@code Environment}.
     */
    public String describe(String workflowName, Action action) {
        Environment e = action.environment();
        if (e == null) {
            return null;
        }
        EnvironmentConfig env = config.environment(e.name()).orElse(null);
        if (env == null) {
            return "environment '" + e.name() + "' is not mapped in gantry.yaml: your own AWS_* variables as they are";
        }
        String region = regionFor(env);
        String where = (region == null ? "" : ", region " + region)
                + (env.endpointUrl() == null ? "" : ", endpoint " + env.endpointUrl());
        if (e.connections().isEmpty()) {
            return "environment '" + e.name() + "': " + describeBase(env) + where;
        }
        Connection c = e.connections().get(0);
        String account = env.accountIdFor(c.name()).orElse("<no account configured>");
        int seconds = SessionDuration.covering(action.timeoutMinutes());
        return "environment '" + e.name() + "', connection '" + c.name() + "': assumes "
                + roleArn(region, account, c.role()) + " (session " + RoleSessionName.of(workflowName, action.id())
                + ", " + seconds / 60 + " min) with " + describeBase(env) + where
                + "; AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN are set when it runs";
    }

    /**
     * The AWS variables for {@code action} of the workflow {@code workflowName}; assumes its role now.
     *
     * @throws AwsEnvironmentException when the role cannot be assumed or base credentials cannot be found
     */
    public AwsStepEnvironment resolve(String workflowName, Action action) throws AwsEnvironmentException {
        Set<String> declared = action.inputs().variables().stream().map(Variable::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return grant(RoleSessionName.of(workflowName, action.id()), action.environment(),
                SessionDuration.covering(action.timeoutMinutes()), declared);
    }

    /**
     * The AWS variables for an {@code environment} of an action: {@code sessionName} and {@code durationSeconds}
     * for the assumed role; {@code declared} are the names the action sets itself (left alone).
     */
    public AwsStepEnvironment grant(String sessionName, Environment environment, int durationSeconds,
                                    Set<String> declared) throws AwsEnvironmentException {
        if (environment == null) {
            return AwsStepEnvironment.NONE;
        }
        EnvironmentConfig env = config.environment(environment.name()).orElse(null);
        if (env == null) {
            return new AwsStepEnvironment(environment.name(), false, Map.of(), Set.of(), Set.of(), null,
                    "environment '" + environment.name() + "' is not mapped in gantry.yaml: its actions use your "
                            + "own AWS credentials and variables as they are");
        }
        String region = regionFor(env);
        AwsCredentials credentials;
        String identity = null;
        String notice;
        if (environment.connections().isEmpty()) {
            credentials = baseCredentialsOf(env);
            notice = "environment '" + env.name() + "': " + describeBase(env);
        } else {
            Connection c = environment.connections().get(0);
            String account = env.accountIdFor(c.name())
                    .orElseThrow(() -> new AwsEnvironmentException(missingAccount(env, c)));
            String roleArn = roleArn(region, account, c.role());
            AssumedRole role;
            try {
                role = new RoleAssumption(stsFor(env, region)).assume(roleArn, sessionName, durationSeconds);
            } catch (AwsEnvironmentException e) {
                throw new AwsEnvironmentException("environment '" + env.name() + "', connection '" + c.name()
                        + "': " + e.getMessage());
            }
            credentials = role.credentials();
            identity = role.assumedRoleArn();
            notice = "environment '" + env.name() + "', connection '" + c.name() + "': acting as " + identity;
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        put(variables, declared, "AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        put(variables, declared, "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        secrets.add(credentials.accessKeyId());
        secrets.add(credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials s) {
            put(variables, declared, "AWS_SESSION_TOKEN", s.sessionToken());
            secrets.add(s.sessionToken());
        }
        if (region != null) {
            put(variables, declared, "AWS_REGION", region);
            put(variables, declared, "AWS_DEFAULT_REGION", region);
        }
        if (env.endpointUrl() != null) {
            put(variables, declared, "AWS_ENDPOINT_URL", env.endpointUrl());
        }
        Set<String> unset = new LinkedHashSet<>(COMPETING_VARIABLES);
        unset.removeAll(variables.keySet());
        unset.removeAll(declared);
        return new AwsStepEnvironment(env.name(), true, variables, unset, secrets, identity, notice);
    }

    /**
     * Who {@code granted} makes the steps: {@code sts:GetCallerIdentity} with its credentials (for an unmapped
     * environment, with the user's own credentials from the default chain).
     *
     * @throws AwsEnvironmentException with the error in plain words
     */
    public String callerIdentity(AwsStepEnvironment granted) throws AwsEnvironmentException {
        try {
            if (!granted.mapped()) {
                String region = firstNonBlank(hostEnvironment.get("AWS_REGION"),
                        hostEnvironment.get("AWS_DEFAULT_REGION"));
                try (StsClient sts = clients.sts(region, null, baseCredentials.provider(null))) {
                    return sts.getCallerIdentity().arn();
                }
            }
            Map<String, String> v = granted.variables();
            String key = v.get("AWS_ACCESS_KEY_ID");
            String secret = v.get("AWS_SECRET_ACCESS_KEY");
            String token = v.get("AWS_SESSION_TOKEN");
            if (key == null || secret == null) {
                throw new AwsEnvironmentException("the action declares its own AWS credentials");
            }
            AwsCredentials c = token == null ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token);
            EnvironmentConfig env = config.environment(granted.environment()).orElseThrow();
            try (StsClient sts = clients.sts(regionFor(env), env.endpointUrl(), StaticCredentialsProvider.create(c))) {
                return sts.getCallerIdentity().arn();
            }
        } catch (SdkException e) {
            throw new AwsEnvironmentException("GetCallerIdentity failed: " + AwsErrors.plain(e));
        }
    }

    /** How an environment's base credentials are found, in words: {@code profile 'dev'} or the default chain. */
    public static String describeBase(EnvironmentConfig env) {
        return env.profile() != null ? "credentials of AWS profile '" + env.profile() + "'"
                : "credentials of the AWS SDK's default chain";
    }

    /**
     * The region of a mapped environment: its {@code region}, else {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}
     * or the region of its profile (or of {@code AWS_PROFILE}, or {@code default}); {@code null} when none is set.
     */
    public String regionFor(EnvironmentConfig env) {
        if (env.region() != null) {
            return env.region();
        }
        String fromEnv = firstNonBlank(hostEnvironment.get("AWS_REGION"), hostEnvironment.get("AWS_DEFAULT_REGION"));
        if (fromEnv != null) {
            return fromEnv;
        }
        String profile = env.profile() != null ? env.profile()
                : firstNonBlank(hostEnvironment.get("AWS_PROFILE"), "default");
        try {
            return new AwsProfileRegionProvider(ProfileFile::defaultProfileFile, profile).getRegion().id();
        } catch (SdkException | IllegalStateException e) {
            return null;
        }
    }

    /** {@code arn:<partition>:iam::<account>:role/<role>}, the partition following the region. */
    static String roleArn(String region, String account, String role) {
        String partition = "aws";
        if (region != null && region.startsWith("cn-")) {
            partition = "aws-cn";
        } else if (region != null && region.startsWith("us-gov-")) {
            partition = "aws-us-gov";
        }
        return "arn:" + partition + ":iam::" + account + ":role/" + role;
    }

    private AwsCredentials baseCredentialsOf(EnvironmentConfig env) throws AwsEnvironmentException {
        try {
            return baseCredentials.provider(env.profile()).resolveCredentials();
        } catch (SdkException e) {
            throw new AwsEnvironmentException("environment '" + env.name() + "': no AWS credentials from "
                    + (env.profile() != null ? "profile '" + env.profile() + "'" : "the AWS SDK's default chain")
                    + ": " + AwsErrors.plain(e));
        }
    }

    private StsClient stsFor(EnvironmentConfig env, String region) {
        return stsByEnvironment.computeIfAbsent(env.name(),
                n -> clients.sts(region, env.endpointUrl(), baseCredentials.provider(env.profile())));
    }

    private static String missingAccount(EnvironmentConfig env, Connection c) {
        return "environment '" + env.name() + "' does not say which AWS account connection '" + c.name()
                + "' is: add environments." + env.name() + ".connections." + c.name()
                + ".accountId to gantry.yaml (" + env.origin().format() + ")";
    }

    private static void put(Map<String, String> variables, Set<String> declared, String name, String value) {
        if (!declared.contains(name) && value != null) {
            variables.put(name, value);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    @Override
    public void close() {
        List<StsClient> all = new ArrayList<>(stsByEnvironment.values());
        stsByEnvironment.clear();
        all.forEach(StsClient::close);
    }
}
