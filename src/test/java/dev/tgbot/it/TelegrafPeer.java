package dev.tgbot.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * telegraf 4.16.3 (node), the peer of {@link ColdStartBenchmark}: installed from npm into
 * {@code target/telegraf-peer/} on first use, run as {@code node bot.js} against the same emulator through its
 * {@code apiRoot} option. Modes: {@code echo} (long polling, each text message answered with a reply quoting it, like
 * the service's example bot) and {@code webhook} (a no-op handler behind telegraf's own webhook callback on a plain
 * node HTTP server, with the secret token check).
 */
final class TelegrafPeer {

    static final String VERSION = "4.16.3";
    static final Path DIR = Path.of("target", "telegraf-peer").toAbsolutePath();

    private static final String BOT = """
            const http = require('http');
            const { Telegraf } = require('telegraf');
            const bot = new Telegraf(process.env.BOT_TOKEN, { telegram: { apiRoot: process.env.API_ROOT } });
            if (process.env.MODE === 'webhook') {
              bot.on('message', () => {});
              http.createServer(bot.webhookCallback('/telegram/webhook', { secretToken: process.env.SECRET }))
                .listen(Number(process.env.PORT), '127.0.0.1');
            } else {
              bot.on('text', (ctx) => ctx.reply(ctx.message.text,
                { reply_parameters: { message_id: ctx.message.message_id } }));
              bot.launch();
            }
            process.once('SIGTERM', () => { try { bot.stop('SIGTERM'); } catch (e) {} process.exit(0); });
            """;

    private TelegrafPeer() {
    }

    /**
     * @return null when telegraf is ready, else why not (npm missing, install failed)
     */
    static String install() {
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve("bot.js"), BOT);
            if (Files.isDirectory(DIR.resolve("node_modules/telegraf"))) {
                return null;
            }
            Files.writeString(DIR.resolve("package.json"), "{\"name\":\"telegraf-peer\",\"private\":true}\n");
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent",
                    "telegraf@" + VERSION).directory(DIR.toFile()).redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                return "npm install telegraf@" + VERSION + " failed: " + out;
            }
            return null;
        } catch (IOException e) {
            return "npm is not available (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** @return the node process, started now */
    static Process start(String apiRoot, String token, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of("node", "bot.js")).directory(DIR.toFile())
                .redirectErrorStream(true).redirectOutput(DIR.resolve("bot.log").toFile());
        pb.environment().put("API_ROOT", apiRoot);
        pb.environment().put("BOT_TOKEN", token);
        pb.environment().putAll(env);
        return pb.start();
    }
}
