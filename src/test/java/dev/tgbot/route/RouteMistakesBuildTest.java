package dev.tgbot.route;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgbot.support.EmulatorResource;
import io.quarkus.arc.properties.IfBuildProperty;
import dev.tgbot.state.Conversation;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Route mistakes fail the build, each naming the class and the method, before any update arrives: a parameter no
 * route can provide, one its routes cannot always provide, an unsupported return type, two routes for the same
 * command, callback data or content kind, a private method, a name Telegram would refuse, a description too long,
 * a callback route that matches nothing, a {@code @Step} without a route, two routes for the same step and kind.
 */
class RouteMistakesBuildTest {

    /** A bot with one mistake per method: a bean only in this test's build, never in the other tests' application. */
    @ApplicationScoped
    @IfBuildProperty(name = "route-mistakes.enabled", stringValue = "true")
    public static class BadRoutes {

        @Command("start")
        void start(Message message) {
        }

        @Command("start")
        void startAgain(Message message) {
        }

        @Command("wrongparam")
        void wrongParameter(StringBuilder text) {
        }

        @Command("noquery")
        void callbackQueryInACommand(CallbackQuery query) {
        }

        @Callback("x")
        void inlineQueryInACallback(InlineQuery query) {
        }

        @Command("badreturn")
        String badReturn() {
            return "";
        }

        @Command("Bad-Name")
        void badName() {
        }

        @Command(value = "toolong", description = "long long long long long long long long long long "
                + "long long long long long long long long long long long long long long long long long long long long "
                + "long long long long long long long long long long long long long long long long long long long long "
                + "long long long long long long long long long long")
        void longDescription() {
        }

        @Callback
        void matchesNothing() {
        }

        @Content(ContentKind.PHOTO)
        void photo() {
        }

        @Content({ ContentKind.VOICE, ContentKind.PHOTO })
        void photoAgain() {
        }

        @Command("hidden")
        private void privateRoute() {
        }

        @Step("asked")
        void stepAlone() {
        }

        @Step("asked")
        @Content(ContentKind.TEXT)
        void answer(Conversation conversation) {
        }

        @Step({ "other", "asked" })
        @Content(ContentKind.TEXT)
        void answerAgain() {
        }

        @Content(ContentKind.TEXT)
        void textWithoutAStepIsNoRepeat() {
        }
    }

    static final List<String> EXPECTED = List.of(
            "BadRoutes#startAgain: the command /start is already routed to dev.tgbot.route.RouteMistakesBuildTest$BadRoutes#start",
            "BadRoutes#wrongParameter: parameter 1 (java.lang.StringBuilder): no route can provide it",
            "BadRoutes#callbackQueryInACommand: parameter 1 (org.telegram.telegrambots.meta.api.objects.CallbackQuery)",
            "BadRoutes#inlineQueryInACallback: parameter 1",
            "BadRoutes#badReturn: ",
            "BadRoutes#badName: @Command(\"Bad-Name\")",
            "BadRoutes#longDescription: the @Command description has",
            "BadRoutes#matchesNothing: @Callback names neither a value nor a prefix",
            "BadRoutes#photoAgain: ",
            "BadRoutes#privateRoute: a route method must not be private",
            "BadRoutes#stepAlone: @Step alone routes nothing",
            "BadRoutes#answerAgain: the content kind TEXT at step \"asked\" is already routed to "
                    + "dev.tgbot.route.RouteMistakesBuildTest$BadRoutes#answer");

    @RegisterExtension
    static final QuarkusUnitTest BUILD = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar
                    .addPackages(true, path -> {
                        String p = path.get();
                        return !p.contains("/support/") && !p.contains("/it/") && !p.contains("Test")
                                && !p.contains("Benchmark");
                    }, "dev.tgbot")
                    .addClass(BadRoutes.class)
                    .addAsResource("META-INF/services/jakarta.enterprise.inject.build.compatible.spi."
                            + "BuildCompatibleExtension")
                    .addAsResource(new StringAsset("bot.token=" + EmulatorResource.TOKEN + "\n"
                            + "bot.mode=off\n"
                            + "route-mistakes.enabled=true\n"
                            + "quarkus.datasource.db-kind=postgresql\n"
                            + "quarkus.datasource.devservices.enabled=false\n"
                            + "quarkus.kubernetes-client.devservices.enabled=false\n"), "application.properties"))
            .assertException(RouteMistakesBuildTest::namesEachMistake);

    static void namesEachMistake(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
            for (Throwable s : t.getSuppressed()) {
                all.append(s.getMessage()).append('\n');
            }
        }
        String text = all.toString();
        List<String> missing = new ArrayList<>();
        for (String expected : EXPECTED) {
            if (!text.contains(expected)) {
                missing.add(expected);
            }
        }
        assertTrue(missing.isEmpty(), "the build failure names " + missing + "; it said:\n" + text);
        assertTrue(!text.contains("textWithoutAStepIsNoRepeat"), "a route without a step beside one with a step is "
                + "no repeat; it said:\n" + text);
    }

    @Test
    void theBuildFails() {
        fail("the application must not build with these routes");
    }
}
