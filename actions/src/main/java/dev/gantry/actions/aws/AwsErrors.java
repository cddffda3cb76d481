package dev.gantry.actions.aws;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** AWS SDK errors in plain words for people: {@code AccessDenied: User ... is not authorized ...}, no stack trace. */
public final class AwsErrors {
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    /** How the SDK's default chain starts its (very long) message when it found nothing. */
    static final String NO_CREDENTIALS = "Unable to load credentials from any of the providers in the chain";

    private AwsErrors() {
    }

    public static String plain(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            AwsErrorDetails d = s.awsErrorDetails();
            String code = d.errorCode();
            String message = d.errorMessage();
            if (isBlank(code) && isBlank(message) && d.rawResponse() != null) {
                // An error body the SDK could not parse (moto nests <Error> in <Errors>): read it ourselves.
                String body = d.rawResponse().asString(StandardCharsets.UTF_8);
                code = first(XML_CODE, body);
                message = first(XML_MESSAGE, body);
            }
            if (isBlank(message)) {
                message = "HTTP " + s.statusCode();
            }
            return isBlank(code) ? message : code + ": " + message;
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.startsWith(NO_CREDENTIALS)) {
            return "no AWS credentials found (none in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the default profile, "
                    + "SSO, or an instance role); give the environment a profile (gantry.yaml, or when starting the run), "
                    + "or export AWS credentials";
        }
        for (String noise : new String[] {" (Service:", ": ProfileFile("}) {
            int cut = m.indexOf(noise);
            if (cut > 0) {
                m = m.substring(0, cut);
            }
        }
        return m;
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1).replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&") : null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
