package dev.tgbot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.GetWebhookInfo;

/** The hand-written JSON of the startup calls is what the library's mapper writes, or absent. */
class StartupCallJsonTest {

    @Test
    void eachStartupCallIsWrittenAsJacksonWritesIt() throws Exception {
        List<PartialBotApiMethod<?>> calls = new ArrayList<>(List.of(new GetMe(), new GetWebhookInfo(),
                GetUpdates.builder().offset(5).limit(100).timeout(30)
                        .allowedUpdates(List.of("message", "callback_query")).build(),
                GetUpdates.builder().limit(100).timeout(30).build(),
                GetUpdates.builder().offset(2_000_000_000).limit(1).timeout(0).allowedUpdates(List.of()).build(),
                GetUpdates.builder().offset(-1).build()));
        GetUpdates noAllowed = new GetUpdates();
        noAllowed.setAllowedUpdates(null);
        noAllowed.setTimeout(50);
        calls.add(noAllowed);
        for (PartialBotApiMethod<?> call : calls) {
            String expected = LibraryJson.mapper().writeValueAsString(call);
            assertEquals(expected, StartupCallJson.of(call), call.toString());
            assertEquals(expected, BotApiRequest.of(call).json(), "what the request sends");
        }
    }

    @Test
    void anythingElseGoesThroughJackson() {
        assertNull(StartupCallJson.of(SendMessage.builder().chatId(1L).text("hi").build()));
        assertNull(StartupCallJson.of(DeleteWebhook.builder().build()));
        // a name that would need escaping is left to Jackson, which escapes it
        assertNull(StartupCallJson.of(GetUpdates.builder().allowedUpdates(List.of("mess\"age")).build()));
        assertNull(StartupCallJson.of(new GetUpdates() {
            private static final long serialVersionUID = 1L;
        }));
    }
}
