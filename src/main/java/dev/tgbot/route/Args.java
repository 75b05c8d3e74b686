package dev.tgbot.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code String} parameter of a route method: for a {@link Command}, the text after the command, trimmed
 * ({@code "payload"} for {@code /start payload}); for a {@link Callback} prefix, the data after the prefix; else
 * {@code ""}. Never null.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Args {
}
