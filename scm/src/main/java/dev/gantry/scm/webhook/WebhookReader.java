package dev.gantry.scm.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies and reads webhook deliveries: a pure function from (provider, headers, body, configured secret) to a
 * {@link WebhookOutcome}. Nothing is trusted before the signature or token checks out (compared in constant time);
 * the body is bounded ({@link #maxBodyBytes()}); malformed JSON, a missing field or an unknown event is a reason,
 * never an exception.
 */
public final class WebhookReader {
    /** The default body limit: 5 MiB (GitHub caps its payloads at 25 MB, but a push of thousands of commits is rare). */
    public static final int DEFAULT_MAX_BODY_BYTES = 5 << 20;

    private final int maxBodyBytes;
    private final ObjectMapper json;

    /** A reader with the default body limit. */
    public WebhookReader() {
        this(DEFAULT_MAX_BODY_BYTES);
    }

    /** @param maxBodyBytes the largest body read; a larger one is refused with 413 */
    public WebhookReader(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        JsonMapper mapper = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                .maxStringLength(maxBodyBytes).build());
        this.json = mapper;
    }

    /** The largest body read. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Reads a delivery, the provider told by its headers ({@link WebhookProvider#detect}). */
    public WebhookOutcome read(WebhookRequest request, String secret) {
        return read(WebhookProvider.detect(request), request, secret);
    }

    /**
     * Reads a delivery sent to {@code provider}'s endpoint.
     *
     * @param secret the repository's webhook secret (GitHub, Gitea) or token (GitLab, generic); a blank or missing
     *               one refuses every delivery: Gantry accepts no unsigned webhook
     */
    public WebhookOutcome read(WebhookProvider provider, WebhookRequest request, String secret) {
        if (request.length() > maxBodyBytes) {
            return new WebhookOutcome.Rejected(413, "the body is " + request.length() + " bytes; at most "
                    + maxBodyBytes + " are read");
        }
        if (secret == null || secret.isBlank()) {
            return new WebhookOutcome.Rejected(401, "no webhook secret is configured for this repository; Gantry "
                    + "accepts no unsigned webhook");
        }
        Optional<String> refused = switch (provider) {
            case GITHUB -> signature(request, secret, "X-Hub-Signature-256", "sha256=");
            case GITEA -> signature(request, secret, request.header("X-Gitea-Signature").isPresent()
                    ? "X-Gitea-Signature" : "X-Forgejo-Signature", "");
            case GITLAB -> token(request.header("X-Gitlab-Token"), secret, "X-Gitlab-Token");
            case GENERIC -> token(request.header("Authorization").filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
                    .map(a -> a.substring(7).trim()).or(() -> request.header("X-Gantry-Token")), secret,
                    "Authorization: Bearer");
        };
        if (refused.isPresent()) {
            return new WebhookOutcome.Rejected(401, refused.get());
        }
        try {
            return switch (provider) {
                case GITHUB -> new GitHubStylePayloads(this, provider).read(request,
                        request.header("X-GitHub-Event").orElse(""), deliveryId(request, "X-GitHub-Delivery"));
                case GITLAB -> new GitLabPayloads(this).read(request);
                case GITEA -> new GitHubStylePayloads(this, provider).read(request,
                        request.header("X-Gitea-Event").or(() -> request.header("X-Forgejo-Event")).orElse(""),
                        deliveryId(request, "X-Gitea-Delivery", "X-Forgejo-Delivery"));
                case GENERIC -> PostReceiveLines.read(request);
            };
        } catch (MalformedPayload e) {
            return new WebhookOutcome.Rejected(400, e.getMessage());
        }
    }

    /** The body as JSON; a reason when it is not. */
    JsonNode json(WebhookRequest request) throws MalformedPayload {
        try {
            JsonNode node = json.readTree(request.bytes());
            if (node == null || !node.isObject()) {
                throw new MalformedPayload("the body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedPayload("the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new MalformedPayload("the body cannot be read: " + e.getMessage());
        }
    }

    /** A delivery that passed verification but cannot be read; its message is the 400's reason. */
    static final class MalformedPayload extends Exception {
        MalformedPayload(String message) {
            super(message, null, false, false);
        }
    }

    /** The HMAC-SHA256 of {@code body} with {@code secret}, as lower-case hex. */
    public static String hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static Optional<String> signature(WebhookRequest request, String secret, String header, String prefix) {
        Optional<String> sent = request.header(header);
        if (sent.isEmpty()) {
            return Optional.of("no " + header + " header: the webhook is not signed (set its secret)");
        }
        String expected = prefix + hmacSha256(secret, request.bytes());
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sent.get().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.empty() : Optional.of(header + " does not match the body signed with this "
                + "repository's secret (a wrong secret, or a changed body)");
    }

    private static Optional<String> token(Optional<String> sent, String secret, String header) {
        if (sent.isEmpty()) {
            return Optional.of("no " + header + " token was sent");
        }
        byte[] expected = digest(secret);
        byte[] given = digest(sent.get());
        return MessageDigest.isEqual(expected, given) ? Optional.empty()
                : Optional.of(header + " token is wrong for this repository");
    }

    /** Hashing both sides first makes the comparison take the same time whatever the lengths. */
    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A delivery id from the first present header, else one derived from the body (SHA-256). */
    static String deliveryId(WebhookRequest request, String... headers) {
        for (String h : headers) {
            Optional<String> v = request.header(h).filter(s -> !s.isBlank() && s.length() <= 200);
            if (v.isPresent()) {
                return v.get();
            }
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.bytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
