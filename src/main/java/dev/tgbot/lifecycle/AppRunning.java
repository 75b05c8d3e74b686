package dev.tgbot.lifecycle;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;

/**
 * Whether the application is still up, for a Vert.x timer set at startup: in dev mode Vert.x outlives the app, so a
 * timer of an app whose start failed (a port in use) or that has stopped still fires, and must then do nothing
 * rather than reach for beans that are gone (an "ArC container not initialized" stack under Quarkus' own message).
 */
public final class AppRunning {

    private AppRunning() {
    }

    /** @return true while the CDI container of this application runs */
    public static boolean now() {
        ArcContainer container = Arc.container();
        return container != null && container.isRunning();
    }
}
