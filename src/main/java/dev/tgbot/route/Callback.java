package dev.tgbot.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes a {@code callback_query} (an inline button pressed) by its {@code callback_data}: equal to one of
 * {@link #value()}, or starting with one of {@link #prefix()}. An exact match goes before a prefix, and a longer prefix
 * before a shorter one. {@link Args @Args String} gives the data after the prefix (empty for an exact match).
 * <p>
 * The route does not answer the query for you: return an {@code AnswerCallbackQuery} (or send one), so the button
 * stops spinning. Mistakes fail the build: neither value nor prefix, the same data or prefix on two methods.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Callback {

    /** @return callback data matched exactly */
    String[] value() default {};

    /** @return callback data prefixes: {@code "order:"} matches {@code order:42} */
    String[] prefix() default {};
}
