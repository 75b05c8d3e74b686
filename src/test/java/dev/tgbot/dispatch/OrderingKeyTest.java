package dev.tgbot.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgbot.client.LibraryJson;

/**
 * The ordering key of every update kind, parsed from the JSON Telegram sends: the chat where there is one, else the
 * user, else the shared lane. Chat ids are negative or 5xx, user ids 7xx, so a wrong pick shows.
 */
class OrderingKeyTest {

    static final String CHAT = "\"chat\":{\"id\":-500,\"type\":\"group\",\"title\":\"g\"}";
    static final String USER = "{\"id\":700,\"is_bot\":false,\"first_name\":\"u\"}";
    static final String MESSAGE = "{\"message_id\":1,\"date\":1," + CHAT + ",\"from\":" + USER + ",\"text\":\"t\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "message                   | " + MESSAGE + " | -500",
            "edited_message            | " + MESSAGE + " | -500",
            "channel_post              | " + MESSAGE + " | -500",
            "edited_channel_post       | " + MESSAGE + " | -500",
            "business_message          | " + MESSAGE + " | -500",
            "edited_business_message   | " + MESSAGE + " | -500",
            "guest_message             | " + MESSAGE + " | -500",
            "callback_query            | {\"id\":\"q\",\"from\":" + USER + ",\"chat_instance\":\"i\",\"message\":" + MESSAGE + "} | -500",
            "callback_query            | {\"id\":\"q\",\"from\":" + USER + ",\"chat_instance\":\"i\",\"inline_message_id\":\"m\"} | 700",
            "my_chat_member            | {" + CHAT + ",\"from\":" + USER + ",\"date\":1,\"old_chat_member\":{\"status\":\"left\",\"user\":" + USER + "},\"new_chat_member\":{\"status\":\"member\",\"user\":" + USER + "}} | -500",
            "chat_member               | {" + CHAT + ",\"from\":" + USER + ",\"date\":1,\"old_chat_member\":{\"status\":\"left\",\"user\":" + USER + "},\"new_chat_member\":{\"status\":\"member\",\"user\":" + USER + "}} | -500",
            "chat_join_request         | {" + CHAT + ",\"from\":" + USER + ",\"user_chat_id\":700,\"date\":1} | -500",
            "message_reaction          | {" + CHAT + ",\"message_id\":1,\"user\":" + USER + ",\"date\":1,\"old_reaction\":[],\"new_reaction\":[]} | -500",
            "message_reaction_count    | {" + CHAT + ",\"message_id\":1,\"date\":1,\"reactions\":[]} | -500",
            "chat_boost                | {" + CHAT + ",\"boost\":{\"boost_id\":\"b\",\"add_date\":1,\"expiration_date\":2,\"source\":{\"source\":\"premium\",\"user\":" + USER + "}}} | -500",
            "removed_chat_boost        | {" + CHAT + ",\"boost_id\":\"b\",\"remove_date\":1,\"source\":{\"source\":\"premium\",\"user\":" + USER + "}} | -500",
            "deleted_business_messages | {\"business_connection_id\":\"c\"," + CHAT + ",\"message_ids\":[1]} | -500",
            "poll_answer               | {\"poll_id\":\"p\",\"voter_chat\":{\"id\":-501,\"type\":\"channel\"},\"option_ids\":[0]} | -501",
            "poll_answer               | {\"poll_id\":\"p\",\"user\":" + USER + ",\"option_ids\":[0]} | 700",
            "business_connection       | {\"id\":\"c\",\"user\":" + USER + ",\"user_chat_id\":555,\"date\":1,\"is_enabled\":true} | 555",
            "inline_query              | {\"id\":\"q\",\"from\":" + USER + ",\"query\":\"\",\"offset\":\"\"} | 700",
            "chosen_inline_result      | {\"result_id\":\"r\",\"from\":" + USER + ",\"query\":\"\"} | 700",
            "shipping_query            | {\"id\":\"s\",\"from\":" + USER + ",\"invoice_payload\":\"p\",\"shipping_address\":{\"country_code\":\"DE\",\"state\":\"\",\"city\":\"B\",\"street_line1\":\"s\",\"street_line2\":\"\",\"post_code\":\"1\"}} | 700",
            "pre_checkout_query        | {\"id\":\"s\",\"from\":" + USER + ",\"currency\":\"XTR\",\"total_amount\":1,\"invoice_payload\":\"p\"} | 700",
            "purchased_paid_media      | {\"from\":" + USER + ",\"paid_media_payload\":\"p\"} | 700",
            "poll                      | {\"id\":\"p\",\"question\":\"q\",\"options\":[],\"total_voter_count\":0,\"is_closed\":false,\"is_anonymous\":true,\"type\":\"regular\",\"allows_multiple_answers\":false} | 0",
            "kind_from_the_future      | {\"something\":1} | 0",
    })
    void eachKindGoesToTheLaneOfItsChatElseItsUser(String kind, String body, long expected) throws IOException {
        Update update = LibraryJson.mapper().readValue("{\"update_id\":1,\"" + kind + "\":" + body + "}", Update.class);
        assertEquals(expected, OrderingKey.of(update), kind);
    }
}
