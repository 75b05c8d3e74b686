package dev.tgbot.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a route method: call it on a worker thread of Quarkus' default worker pool instead of the Vert.x event loop, so
 * it may block (JDBC, a file, {@code Uni.await()}). The update's chat still waits for it, as for any route. (Quarkus
 * accepts SmallRye's {@code @Blocking} only on the entry points of its own extensions, hence this annotation.)
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RunOnWorker {
}
