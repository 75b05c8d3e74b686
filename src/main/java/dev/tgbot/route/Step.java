package dev.tgbot.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits a route to updates whose conversation ({@link dev.tgbot.state.Conversation}) is at one of these steps. Beside
 * another route annotation ({@code @Content(TEXT)}, {@code @Command}, {@code @Callback}, {@code @OnUpdate},
 * {@code @Fallback}); alone it fails the build. At each stage of the route order, the route for the current step comes
 * before the route without a step: {@code @Step("name") @Content(TEXT)} takes the answer to the question about the
 * name, while a {@code @Command("cancel")} without a step still takes {@code /cancel} at any step (commands come
 * before content). Two routes for the same step and the same command (or data, content kind, update kind) fail the
 * build.
 * <pre>{@code
 * @Step("name") @Content(ContentKind.TEXT)
 * SendMessage name(Message message, Conversation conversation) { ... conversation.setStep("quantity") ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Step {

    /** @return the steps (any of them) */
    String[] value();
}
