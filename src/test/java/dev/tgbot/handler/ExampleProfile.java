package dev.tgbot.handler;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Pins the example bot ({@code bot.handler}), so its tests test it whatever bot the application has. */
public class ExampleProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("bot.handler", ExampleBot.class.getName());
    }
}
