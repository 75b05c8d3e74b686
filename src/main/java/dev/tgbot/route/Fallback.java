package dev.tgbot.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Takes every update that no other route of the bot took. With a fallback, the bot asks Telegram for its default
 * update kinds (the derived {@code allowed_updates} would exclude what the fallback wants to see). At most one per
 * bot: a second fails the build.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Fallback {
}
