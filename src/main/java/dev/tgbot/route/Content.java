package dev.tgbot.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes a {@code message} by what it carries (text, photo, document, ...), after the {@link Command} routes. When a
 * message carries more than one kind (an animation also has a document, a venue also has a location), the first
 * kind in {@link ContentKind}'s order that has a route wins. The same kind on two methods fails the build.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Content {

    /** @return the content kinds this method takes */
    ContentKind[] value();
}
