package dev.tgbot.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes every update of the given <a href="https://core.telegram.org/bots/api#update">update kinds</a> that no more
 * specific route took: for {@code message}, after {@link Command} and {@link Content}; for {@code callback_query},
 * after {@link Callback}. The same kind on two methods fails the build.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnUpdate {

    /** @return the update kinds this method takes */
    UpdateKind[] value();
}
