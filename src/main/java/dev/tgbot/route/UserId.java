package dev.tgbot.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code long} or {@code Long} parameter of a route method: the id of the user the update comes from
 * ({@code from}). A {@code long} is 0 and a {@code Long} null when the update has none (a channel post, say).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface UserId {
}
