package dev.tgbot.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Every setting of the service, under the prefix {@code bot}. Values are checked at startup by
 * {@link BotConfigValidator}, which names the property of any wrong value. README lists each property with its
 * environment variable.
 */
@ConfigMapping(prefix = "bot")
public interface BotConfig {

    /** How this instance takes updates from Telegram. */
    enum Mode {
        /** Long polling with getUpdates; deletes a webhook it finds if {@code bot.polling.take-over-webhook}. */
        POLLING,
        /** A webhook endpoint at {@code bot.webhook.path}; sets the webhook to {@code bot.webhook.url}. */
        WEBHOOK,
        /** No intake: never calls a method that changes Telegram's state (a web-only replica). */
        OFF
    }

    /**
     * The bot token from @BotFather, {@code <bot id>:<secret>}. Environment {@code TELEGRAM_BOT_TOKEN}. Without it
     * in dev mode the built-in Bot API emulator is used; in prod it is required unless {@code bot.mode=off}.
     */
    Optional<String> token();

    /** {@code polling}, {@code webhook} or {@code off}. Environment {@code BOT_MODE}. */
    @WithDefault("polling")
    Mode mode();

    /** Base URL of the Bot API server: Telegram, a self-hosted telegram-bot-api server or the emulator. */
    @WithDefault("https://api.telegram.org")
    String apiUrl();

    /**
     * Update types to receive ({@code message}, {@code callback_query}, ...). Unset: derived from the routes of the
     * active bot (the kinds they take), or Telegram's own default (all types except {@code chat_member},
     * {@code message_reaction} and {@code message_reaction_count}) for a bot with a {@code @Fallback} route or an
     * {@code UpdateHandler}.
     */
    Optional<List<String>> allowedUpdates();

    /**
     * Pins the active bot: the fully qualified names of the classes that make it (one {@code UpdateHandler} bean
     * and/or beans with route methods). Unset: the application's own handler and routes, else the example bot.
     * Tests set it so that they never depend on which bot the application has.
     */
    Optional<List<String>> handler();

    /**
     * Publish the active bot's {@code @Command} routes that have a description as Telegram's "/" menu at startup
     * (setMyCommands, only when it differs from getMyCommands; deleteMyCommands when the routes describe none).
     * A bot made only of an {@code UpdateHandler} never touches the menu.
     */
    @WithDefault("true")
    boolean publishCommands();

    /** Drop the updates that are pending when the webhook is set or deleted at startup. Nothing is dropped unless asked. */
    @WithDefault("false")
    boolean dropPendingUpdates();

    /** Time limit of one Bot API call other than the long poll. */
    @WithDefault("10s")
    @WithConverter(BotDurationConverter.class)
    Duration requestTimeout();

    /** Time limit for bringing Telegram in line with {@code bot.mode} at startup (getMe, webhook calls). */
    @WithDefault("60s")
    @WithConverter(BotDurationConverter.class)
    Duration startupTimeout();

    /** Long polling settings. */
    Polling polling();

    /** Webhook settings. */
    Webhook webhook();

    /** Conflict (409) handling settings. */
    Conflict conflict();

    /** Which instance may poll: the host lock, or a lease shared across hosts. */
    Lock lock();

    /** How updates are handed to the handler. */
    Dispatch dispatch();

    /** The built-in Bot API emulator. */
    Emulator emulator();

    /** Conversation state ({@link dev.tgbot.state.Conversation}). */
    State state();

    /** Pacing of the sends under Telegram's limits ({@link dev.tgbot.pacing.SendPacer}). */
    Pacing pacing();

    /** The example bot's settings ({@code bot.example.*}); a bot of your own ignores them. */
    Example example();

    /** {@code bot.example.*}: read by {@link dev.tgbot.handler.ExampleBot} only. */
    interface Example {
        /** The chat ids allowed to {@code /broadcast} (comma-separated); none by default. */
        Optional<List<Long>> admins();
    }

    /** Long polling ({@code bot.polling.*}). */
    interface Polling {
        /** Long-poll timeout of getUpdates, in seconds, 1..50. */
        @WithDefault("30")
        int timeout();

        /** Updates per getUpdates, 1..100. */
        @WithDefault("100")
        int limit();

        /**
         * Whether polling may delete a webhook it finds set at startup. {@code true} in prod; {@code false} in dev,
         * so that a laptop polling with the production token never silently cuts off the deployed webhook.
         */
        @WithDefault("true")
        boolean takeOverWebhook();
    }

    /** Webhook ({@code bot.webhook.*}). */
    interface Webhook {
        /** Public HTTPS URL Telegram posts updates to; required in webhook mode. Environment {@code TELEGRAM_WEBHOOK_URL}. */
        Optional<String> url();

        /** Local path of the webhook endpoint. */
        @WithDefault("/telegram/webhook")
        String path();

        /**
         * Secret token Telegram sends in {@code X-Telegram-Bot-Api-Secret-Token}: 1-256 characters of
         * {@code A-Za-z0-9_-}. Environment {@code TELEGRAM_WEBHOOK_SECRET}. Unset: derived from the token with
         * HMAC-SHA256, so that every replica agrees without configuration; never the token itself.
         */
        Optional<String> secretToken();

        /** Maximum simultaneous connections Telegram opens to the endpoint, 1..100. */
        @WithDefault("40")
        int maxConnections();

        /** Largest accepted request body, in bytes; larger requests get 413. */
        @WithDefault("1048576")
        int maxBodySize();

        /**
         * How long a webhook request waits for its handler before answering 503 (Telegram then delivers the
         * update again). Well under Telegram's own 60 s.
         */
        @WithDefault("25s")
        @WithConverter(BotDurationConverter.class)
        Duration handlerTimeout();
    }

    /** Conflicts ({@code bot.conflict.*}). */
    interface Conflict {
        /**
         * How long polling conflicts (409 {@code terminated by other getUpdates request}) are retried before the
         * graceful exit. Unset: twice {@code bot.polling.timeout} plus 10 s, which covers a rolling deploy.
         */
        @WithConverter(BotDurationConverter.class)
        Optional<Duration> maxDuration();

        /** Exit code of the graceful exit after a conflict: 75 (EX_TEMPFAIL); 0 for platforms that restart on any non-zero code. */
        @WithDefault("75")
        int exitCode();
    }

    /** Where the right to poll is held ({@code bot.lock.kind}). */
    enum LockKind {
        /** An advisory file lock per bot id: one poller per host, nothing shared across hosts. */
        FILE,
        /** A lease row in PostgreSQL (the default reactive datasource): one poller per bot across hosts. */
        POSTGRESQL,
        /** A {@code coordination.k8s.io/v1} Lease in the pod's namespace: one poller per bot across pods. */
        KUBERNETES;

        /** @return true for a lease shared across hosts */
        public boolean shared() {
            return this != FILE;
        }
    }

    /** Lock and lease ({@code bot.lock.*}); polling mode only, webhook mode ignores it. */
    interface Lock {
        /**
         * {@code file} (default: one poller per host), {@code postgresql} or {@code kubernetes} (one poller per bot
         * across hosts; the others are hot standbys that never call getUpdates). Environment {@code BOT_LOCK_KIND}.
         */
        @WithDefault("file")
        LockKind kind();

        /** Take the host lock ({@code kind=file} only); {@code false} turns it off. */
        @WithDefault("true")
        boolean enabled();

        /** Directory of the lock files ({@code kind=file}); unset: the JVM temp directory. */
        Optional<String> dir();

        /**
         * How long a second instance waits for the host lock ({@code bot.lock.wait}, {@code kind=file} only)
         * before it exits with 75. A standby of a shared lease waits without limit.
         */
        @WithName("wait")
        @WithDefault("10s")
        @WithConverter(BotDurationConverter.class)
        Duration waitTime();

        /**
         * How long a holder that stopped renewing (a crash, a network cut) keeps the shared lease, 2 s..5 min. The
         * holder renews every third of it and stops polling after two thirds without a renewal, before anybody else
         * can take the lease.
         */
        @WithDefault("10s")
        @WithConverter(BotDurationConverter.class)
        Duration leaseDuration();

        /** Name of the lease (row or Kubernetes Lease); unset: {@code telegram-bot-{bot id}}. */
        Optional<String> leaseName();

        /** Kubernetes namespace of the Lease; unset: the pod's own namespace (from the client's configuration). */
        Optional<String> namespace();

        /** PostgreSQL table of the lease rows, created if missing. */
        @WithDefault("telegram_bot_lease")
        String table();
    }

    /** Dispatch ({@code bot.dispatch.*}). */
    interface Dispatch {
        /**
         * Updates handled at once, across chats; updates of one chat are always handled one at a time. The default
         * 100 equals the getUpdates limit, so that one full batch of distinct chats runs in parallel.
         */
        @WithDefault("100")
        int concurrency();

        /** Extra attempts for an update whose handler failed, with a short backoff; 0 = no retry. */
        @WithDefault("0")
        int retries();

        /** How many recent update_ids are remembered to drop duplicates. */
        @WithDefault("10000")
        int dedupWindow();

        /**
         * Longest time one handler attempt may take; then its {@code Uni} is cancelled and the attempt counts as
         * failed. Keeps a hung handler from holding its chat and the polling offset forever.
         */
        @WithDefault("60s")
        @WithConverter(BotDurationConverter.class)
        Duration handlerTimeout();
    }

    /** Emulator ({@code bot.emulator.*}). */
    interface Emulator {
        /**
         * Serve the Bot API emulator on this service's HTTP port and point the client at it. Unset: on in dev
         * mode when {@code bot.token} is not set, off otherwise (never on in a prod build unless enabled).
         */
        Optional<Boolean> enabled();

        /**
         * Enforce Telegram's message limits in the emulator (30 sends a second, 3 per 3 s to a private chat, 20 a
         * minute to a group, flood waits): sends beyond them get 429, as from the real server.
         */
        @WithDefault("false")
        boolean limits();

        /**
         * Where the emulator keeps its state (pending updates, the conversations, uploaded files) so that a dev-mode
         * live reload or restart finds them again: {@code state.json} and {@code files/} in it. Dev mode:
         * {@code target/emulator} ({@code mvn clean} forgets it). Unset elsewhere: kept in memory only.
         */
        @WithName("state-dir")
        Optional<String> stateDir();
    }

    /** Conversation state ({@code bot.state.*}). */
    interface State {
        /**
         * Where conversations are kept: {@code memory} (default: this process only, lost on a restart) or
         * {@code postgresql} (the default reactive datasource, as {@code bot.lock.kind=postgresql} uses it; survives
         * restarts, deploys and lease handovers, and records the handled updates so a new lease holder skips them).
         */
        @WithDefault("memory")
        StateStoreKind store();

        /**
         * Whose conversation an update belongs to: {@code user-in-chat} (default: each user in each chat has their
         * own), {@code chat} (one per chat, shared by its members) or {@code user} (one per user, across chats).
         */
        @WithDefault("user-in-chat")
        dev.tgbot.state.StateScope scope();

        /**
         * How long a conversation lives after its last write; then it ends by itself (the next update sees no
         * step). At least 1 s.
         */
        @WithDefault("24h")
        @WithConverter(BotDurationConverter.class)
        Duration ttl();

        /**
         * Most conversations the memory store keeps; beyond it the least recently used ends. Bounds its heap: an
         * entry costs about 200 bytes plus its data.
         */
        @WithDefault("100000")
        int maxEntries();

        /** PostgreSQL table of the conversations, created if missing; {@code <table>_handled} holds the handled updates. */
        @WithDefault("telegram_bot_state")
        String table();
    }

    /** Where conversations are kept ({@code bot.state.store}). */
    enum StateStoreKind {
        /** In this process' heap, bounded by {@code bot.state.max-entries} and {@code bot.state.ttl}. */
        MEMORY,
        /** In PostgreSQL, through the default reactive datasource. */
        POSTGRESQL
    }

    /** Pacing ({@code bot.pacing.*}): each limit is "at most N in any window". */
    interface Pacing {
        /** Pace the sends; {@code false} sends at once and leaves 429s to the retries. */
        @WithDefault("true")
        boolean enabled();

        /** Sends per second overall (Telegram: about 30 for bulk notifications). */
        @WithDefault("30")
        int overall();

        /** Sends per second with {@code allow_paid_broadcast} (Telegram: up to 1,000, paid in Stars). */
        @WithDefault("1000")
        int paid();

        /** Sends per {@code private-chat-window} to one private chat (Telegram: about one a second). */
        @WithDefault("3")
        int privateChat();

        /** The window of {@code private-chat}. */
        @WithDefault("3s")
        @WithConverter(BotDurationConverter.class)
        Duration privateChatWindow();

        /** Sends per {@code group-window} to one group or channel (Telegram: 20 a minute). */
        @WithDefault("20")
        int group();

        /** The window of {@code group}. */
        @WithDefault("60s")
        @WithConverter(BotDurationConverter.class)
        Duration groupWindow();
    }
}
