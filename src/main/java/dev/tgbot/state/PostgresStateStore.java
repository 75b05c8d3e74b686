package dev.tgbot.state;

import java.time.Duration;

import org.jboss.logging.Logger;

import dev.tgbot.lifecycle.Timeouts;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Conversations in PostgreSQL ({@code bot.state.store=postgresql}), through the default reactive datasource. Two
 * tables, created when missing, with the database's clock ({@code now()}) for every time:
 * <ul>
 * <li>{@code bot.state.table} (default {@code telegram_bot_state}): one row per bot and conversation key with step,
 * data (JSON text), version and expires_at;</li>
 * <li>{@code <table>_handled}: the update_ids whose handling finished and whose offset Telegram may not have been
 * told yet. {@link #finish} writes the conversation's change and this row in one transaction, so a new lease holder
 * (after a crash, a {@code kill -9} or a lost lease) skips the updates the old one handled; {@link #cleanUp} removes
 * rows below the confirmed offset.</li>
 * <li>{@code <table>_members}: the named sets of {@link #addMember} (bot id, set name, member id).</li>
 * </ul>
 * A write names the version it read and is refused when the row moved on ({@link StateConflictException}).
 */
public final class PostgresStateStore implements StateStore {

    private static final Logger LOG = Logger.getLogger(PostgresStateStore.class);
    /** Telegram keeps an unconfirmed update for 24 hours; a handled row older than that can never be needed. */
    static final Duration HANDLED_KEPT = Duration.ofHours(25);
    /** Members read per query by {@link #members}. */
    static final int PAGE = 1_000;

    private final Pool pool;
    private final long botId;
    private final String table;
    private final String handled;
    private final String members;
    private final Duration queryTimeout;
    private volatile Uni<Void> ready;

    /**
     * @param pool the default reactive datasource
     * @param botId the bot's id (the token's part before {@code :}, which is public), so bots can share the tables
     * @param table {@code bot.state.table}, validated as a plain SQL name
     * @param queryTimeout longest time of one statement
     */
    public PostgresStateStore(Pool pool, long botId, String table, Duration queryTimeout) {
        this.pool = pool;
        this.botId = botId;
        this.table = table;
        this.handled = table + "_handled";
        this.members = table + "_members";
        this.queryTimeout = queryTimeout;
    }

    private Uni<Void> ready() {
        Uni<Void> r = ready;
        if (r != null) {
            return r;
        }
        return create("CREATE TABLE IF NOT EXISTS " + table + " (bot_id bigint NOT NULL, key text NOT NULL, "
                + "step text NOT NULL, data text, version bigint NOT NULL, expires_at timestamptz NOT NULL, "
                + "PRIMARY KEY (bot_id, key))")
                .chain(() -> create("CREATE TABLE IF NOT EXISTS " + handled + " (bot_id bigint NOT NULL, "
                        + "update_id bigint NOT NULL, handled_at timestamptz NOT NULL, PRIMARY KEY (bot_id, update_id))"))
                .chain(() -> create("CREATE TABLE IF NOT EXISTS " + members + " (bot_id bigint NOT NULL, "
                        + "set_name text NOT NULL, member bigint NOT NULL, PRIMARY KEY (bot_id, set_name, member))"))
                .invoke(() -> {
                    ready = Uni.createFrom().voidItem();
                    LOG.debugf("State tables %s and %s are ready", table, handled);
                }).replaceWithVoid();
    }

    private Uni<Void> create(String sql) {
        return run(pool, sql, Tuple.tuple()).replaceWithVoid()
                .onFailure(e -> String.valueOf(e.getMessage()).contains("pg_type_typname_nsp_index")
                        || String.valueOf(e.getMessage()).contains("already exists"))
                .recoverWithNull(); // another instance created it at the same moment: it exists now
    }

    @Override
    public Uni<Loaded> load(String key, long updateId) {
        return ready().chain(() -> run(pool, "SELECT s.step, s.data, s.version, EXISTS (SELECT 1 FROM " + handled
                + " h WHERE h.bot_id = $1 AND h.update_id = $3) AS handled FROM (SELECT 1) one LEFT JOIN " + table
                + " s ON s.bot_id = $1 AND s.key = $2 AND s.expires_at > now()", Tuple.of(botId, key, updateId)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    String step = row.getString("step");
                    return new Loaded(step == null ? null : new StoredState(step, row.getString("data"),
                            row.getLong("version")), row.getBoolean("handled"));
                });
    }

    @Override
    public Uni<Void> finish(String key, long updateId, Change change) {
        Tuple mark = Tuple.of(botId, updateId);
        String markSql = "INSERT INTO " + handled + " (bot_id, update_id, handled_at) VALUES ($1, $2, now()) "
                + "ON CONFLICT DO NOTHING";
        if (key == null || change == null) {
            return ready().chain(() -> run(pool, markSql, mark)).replaceWithVoid();
        }
        return ready().chain(() -> pool.withTransaction(tx -> write(tx, key, change)
                .chain(() -> run(tx, markSql, mark)).replaceWithVoid()));
    }

    private Uni<Void> write(SqlClient tx, String key, Change change) {
        Uni<RowSet<Row>> written;
        if (change.ends()) {
            // ending a conversation that expired or never existed changes nothing and is no conflict
            written = run(tx, "DELETE FROM " + table + " WHERE bot_id = $1 AND key = $2 AND (version = $3 OR "
                    + "expires_at <= now() OR $3 = 0)", Tuple.of(botId, key, change.basedOn()));
            return written.replaceWithVoid();
        }
        written = run(tx, "INSERT INTO " + table + " AS s (bot_id, key, step, data, version, expires_at) VALUES ($1, $2, "
                + "$3, $4, 1, now() + make_interval(secs => $5)) ON CONFLICT (bot_id, key) DO UPDATE SET "
                + "step = EXCLUDED.step, data = EXCLUDED.data, version = s.version + 1, expires_at = EXCLUDED.expires_at "
                + "WHERE s.version = $6 OR s.expires_at <= now()", Tuple.tuple().addLong(botId).addString(key)
                        .addString(change.step()).addString(change.data()).addDouble(change.ttlMillis() / 1000.0)
                        .addLong(change.basedOn()));
        return written.map(rows -> {
            if (rows.rowCount() == 0) {
                throw new StateConflictException(key, change.basedOn());
            }
            return null;
        });
    }

    @Override
    public Uni<Boolean> addMember(String set, long member) {
        return ready().chain(() -> run(pool, "INSERT INTO " + members + " (bot_id, set_name, member) VALUES ($1, $2, "
                + "$3) ON CONFLICT DO NOTHING", Tuple.of(botId, set, member))).map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Uni<Boolean> removeMember(String set, long member) {
        return ready().chain(() -> run(pool, "DELETE FROM " + members + " WHERE bot_id = $1 AND set_name = $2 AND "
                + "member = $3", Tuple.of(botId, set, member))).map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Multi<Long> members(String set) {
        // keyset pages: each query starts after the last id of the one before, so a page costs the same at any depth
        return Multi.createBy().repeating().uni(() -> new long[] {Long.MIN_VALUE}, after -> ready()
                .chain(() -> run(pool, "SELECT member FROM " + members + " WHERE bot_id = $1 AND set_name = $2 AND "
                        + "member > $3 ORDER BY member LIMIT " + PAGE, Tuple.of(botId, set, after[0])))
                .map(rows -> {
                    java.util.List<Long> page = new java.util.ArrayList<>(rows.size());
                    rows.forEach(row -> page.add(row.getLong(0)));
                    if (!page.isEmpty()) {
                        after[0] = page.get(page.size() - 1);
                    }
                    return page;
                }))
                .until(java.util.List::isEmpty)
                .onItem().transformToIterable(page -> page);
    }

    /**
     * Removes what is no longer needed: handled rows below {@code confirmedBelow} (Telegram never sends those again)
     * or older than 25 hours, and conversations past their time to live.
     *
     * @param confirmedBelow the offset Telegram was last sent (the dispatcher's watermark), or 0 when unknown
     *        (webhook mode)
     * @return the rows removed
     */
    public Uni<Integer> cleanUp(long confirmedBelow) {
        return ready().chain(() -> run(pool, "DELETE FROM " + handled + " WHERE bot_id = $1 AND (update_id < $2 OR "
                + "handled_at < now() - make_interval(hours => 25))", Tuple.of(botId, confirmedBelow)))
                .chain(h -> run(pool, "DELETE FROM " + table + " WHERE bot_id = $1 AND expires_at <= now()",
                        Tuple.of(botId)).map(s -> h.rowCount() + s.rowCount()));
    }

    private Uni<RowSet<Row>> run(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).ifNoItem().after(queryTimeout).on(Timeouts.scheduler())
                .failWith(() -> new IllegalStateException("PostgreSQL did not answer within " + queryTimeout.toMillis()
                        + " ms (bot.state.store=postgresql)"));
    }
}
