package dev.tgbot.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code long} or {@code Long} parameter of a route method: the id of the update's chat (the message's chat;
 * for a callback query, the chat of its message). A {@code long} is 0 and a {@code Long} null when the update has no
 * chat (an inline query, say).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ChatId {
}
