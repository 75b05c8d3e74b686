package dev.tgbot.emulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Bot API's own spelling of its method names. Method names are case-insensitive on the wire, and clients differ
 * (telegrambots-meta sends {@code getupdates}, others {@code getUpdates}); what the emulator shows a person is always
 * the documentation's {@code getUpdates}.
 */
final class MethodNames {

    private static final Map<String, String> CANONICAL = List.of("getMe", "logOut", "close", "getUpdates",
            "setWebhook", "deleteWebhook", "getWebhookInfo", "sendMessage", "forwardMessage", "forwardMessages",
            "copyMessage", "copyMessages", "sendPhoto", "sendAudio", "sendDocument", "sendVideo", "sendAnimation",
            "sendVoice", "sendVideoNote", "sendPaidMedia", "sendMediaGroup", "sendLocation", "sendVenue",
            "sendContact", "sendPoll", "sendDice", "sendChatAction", "setMessageReaction", "getUserProfilePhotos",
            "getFile", "getChat", "getChatAdministrators", "getChatMemberCount", "getChatMember", "leaveChat",
            "pinChatMessage", "unpinChatMessage", "unpinAllChatMessages", "answerCallbackQuery", "answerInlineQuery",
            "setMyCommands", "deleteMyCommands", "getMyCommands", "setMyName", "getMyName", "setMyDescription",
            "getMyDescription", "setChatMenuButton", "getChatMenuButton", "editMessageText", "editMessageCaption",
            "editMessageMedia", "editMessageReplyMarkup", "stopPoll", "deleteMessage", "deleteMessages",
            "sendSticker", "sendInvoice", "answerPreCheckoutQuery", "answerShippingQuery")
            .stream().collect(Collectors.toUnmodifiableMap(m -> m.toLowerCase(Locale.ROOT), Function.identity()));

    private MethodNames() {
    }

    /** @return the documented spelling of {@code method} (any case), or {@code method} as given when unknown */
    static String canonical(String method) {
        return CANONICAL.getOrDefault(method.toLowerCase(Locale.ROOT), method);
    }
}
