package dev.tgbot.client;

import java.util.regex.Pattern;

/**
 * Removes bot tokens from text before it reaches a log line or an exception message. Transport errors of the HTTP
 * client quote the request path ({@code /bot<token>/getUpdates}), so every such text passes through here.
 */
public final class TokenRedactor {

    private static final Pattern TOKEN_IN_PATH = Pattern.compile("/bot[^/\\s]+");
    private static final Pattern TOKEN_SHAPE = Pattern.compile("\\d{3,}:[A-Za-z0-9_-]{10,}");

    private TokenRedactor() {
    }

    /**
     * @param text any text, may be null
     * @return the text with {@code /bot<anything>} replaced by {@code /bot<token>} and token-shaped strings
     *         ({@code digits:secret}) replaced by {@code <token>}
     */
    public static String redact(String text) {
        if (text == null) {
            return "";
        }
        String once = TOKEN_IN_PATH.matcher(text).replaceAll("/bot<token>");
        return TOKEN_SHAPE.matcher(once).replaceAll("<token>");
    }
}
