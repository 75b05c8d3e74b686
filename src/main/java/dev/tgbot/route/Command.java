package dev.tgbot.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes a <a href="https://core.telegram.org/bots/features#commands">bot command</a> to the annotated method: a
 * {@code message} whose text starts with {@code /name}, {@code /name@this_bot} or {@code /name payload} (a deep link,
 * {@code t.me/this_bot?start=payload}, arrives as {@code /start payload}). A command addressed to another bot
 * ({@code /name@other_bot}) is not this route's; it goes on as plain text. The name is matched ignoring case.
 * <p>
 * The method may take {@link Args @Args String} (the text after the command, trimmed; empty when none) and the
 * parameters the {@linkplain dev.tgbot.route package summary} lists. With a {@link #description()}, the command is
 * published in Telegram's "/" menu (setMyCommands) at startup, under its first name.
 * <p>
 * Mistakes fail the build, naming the class and the method: a name that is not 1-32 of {@code a-z}, {@code 0-9} and
 * {@code _}; the same name on two methods; a description longer than 256 characters.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Command {

    /**
     * @return the command names, without the {@code /}: {@code "start"}; the first is the one in the "/" menu, the
     *         others are aliases
     */
    String[] value();

    /** @return the text of the "/" menu entry (1-256 characters); empty: not in the menu */
    String description() default "";
}
