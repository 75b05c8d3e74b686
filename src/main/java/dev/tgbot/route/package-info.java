/**
 * Routes: a bot is a CDI bean whose methods are annotated with {@link dev.tgbot.route.Command @Command},
 * {@link dev.tgbot.route.Callback @Callback}, {@link dev.tgbot.route.Content @Content},
 * {@link dev.tgbot.route.OnUpdate @OnUpdate} or {@link dev.tgbot.route.Fallback @Fallback}. The routes are found and
 * checked when Quarkus builds the application ({@link dev.tgbot.route.RouteExtension}), and each update is routed by
 * table lookups and a generated call, without reflection.
 *
 * <h2>Which route takes an update</h2>
 * The first that matches, in this order:
 * <ol>
 * <li>{@code @Command}: a message whose text is {@code /name}, {@code /name@this_bot} or {@code /name arguments}
 * (names ignore case; {@code /name@other_bot} is not a command for this bot and goes on as text);</li>
 * <li>{@code @Callback(value)}: a callback query whose data equals the value;</li>
 * <li>{@code @Callback(prefix)}: the longest prefix the data starts with;</li>
 * <li>{@code @Content}: a {@code message} by what it carries, in the order of {@link dev.tgbot.route.ContentKind}
 * (a photo with a caption is {@code PHOTO}, not {@code TEXT});</li>
 * <li>{@code @OnUpdate}: by the update's kind ({@code message}, {@code edited_message}, {@code callback_query},
 * {@code inline_query}, ... as {@link dev.tgbot.route.UpdateKind} lists);</li>
 * <li>{@code @Fallback}: anything else;</li>
 * <li>the application's {@link dev.tgbot.handler.UpdateHandler}, when it has one beside its routes.</li>
 * </ol>
 * An update nothing matches is handled by doing nothing (its offset is confirmed like any other).
 *
 * <h2>Parameters, by type or annotation, in any order</h2>
 * {@code Update}; {@code Message} (of the message, edited message, channel post, business message, or the callback
 * query's message); {@code CallbackQuery}; {@code User} (who sent it); {@code Chat}; {@code ChatMemberUpdated};
 * the payload of the route's update kind ({@code InlineQuery}, {@code PollAnswer}, {@code PreCheckoutQuery}, ...);
 * {@link dev.tgbot.client.BotApiClient}; {@link dev.tgbot.route.Args @Args String} (a command's arguments or what
 * follows a callback prefix, trimmed; empty when none); {@link dev.tgbot.route.ChatId @ChatId} and
 * {@link dev.tgbot.route.UserId @UserId} as {@code long} (the route's updates always have one) or {@code Long}
 * ({@code null} when the update has none). A parameter that the method's routes cannot always provide fails the
 * build, naming the class and the method.
 *
 * <h2>Return types</h2>
 * {@code void} (done when the method returns; use {@link dev.tgbot.route.RunOnWorker @RunOnWorker} for blocking
 * code), {@code Uni<?>} (done when it completes), or a Bot API method object ({@code SendMessage},
 * {@code AnswerCallbackQuery}, {@code SendPhoto}, ...; {@code null} sends nothing), which is sent as the answer
 * through {@link dev.tgbot.client.BotApiClient} with its retries. A failure (thrown, a failed {@code Uni}, a refused
 * answer) is the update's failure, handled as for an {@code UpdateHandler}.
 */
package dev.tgbot.route;
