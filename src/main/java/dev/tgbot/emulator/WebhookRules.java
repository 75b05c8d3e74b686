package dev.tgbot.emulator;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * What setWebhook accepts, with the real server's error descriptions: an https URL on port 443, 80, 88 or 8443
 * (any URL with a host when the emulator allows local webhooks), and a secret token of at most 256 characters of
 * {@code A-Za-z0-9_-}.
 */
final class WebhookRules {

    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]*");

    private WebhookRules() {
    }

    /** @return the 400 description for a URL setWebhook refuses, or null */
    static String checkUrl(String url, boolean allowAny) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "Bad Request: bad webhook: invalid URL";
        }
        if (uri.getHost() == null) {
            return "Bad Request: bad webhook: invalid URL";
        }
        if (allowAny) {
            return null;
        }
        if (!"https".equals(uri.getScheme())) {
            return "Bad Request: bad webhook: An HTTPS URL must be provided for webhook";
        }
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        if (port != 443 && port != 80 && port != 88 && port != 8443) {
            return "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443";
        }
        return null;
    }

    /** @return the 400 description for a secret token setWebhook refuses, or null (none given is fine) */
    static String checkSecret(String secret) {
        if (secret == null) {
            return null;
        }
        if (secret.length() > 256) {
            return "Bad Request: secret token is too long";
        }
        if (!SECRET.matcher(secret).matches()) {
            return "Bad Request: secret token contains unallowed characters";
        }
        return null;
    }
}
