package dev.tgbot.emulator;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The parameters of a Bot API request, wherever they came from: the query string (which wins, as with the real
 * server), a JSON body, or a form (urlencoded or multipart; objects and arrays as JSON text).
 */
final class Params {
    private final MultiMap query;
    private final MultiMap form;
    private final JsonObject json;

    private Params(MultiMap query, MultiMap form, JsonObject json) {
        this.query = query;
        this.form = form;
        this.json = json;
    }

    static Params of(JsonObject json) {
        return new Params(MultiMap.caseInsensitiveMultiMap(), MultiMap.caseInsensitiveMultiMap(), json);
    }

    /** @return every parameter, objects and arrays sent as JSON text decoded */
    JsonObject toJson() {
        JsonObject all = new JsonObject();
        form.forEach(e -> all.put(e.getKey(), decode(e.getValue())));
        if (json != null) {
            json.forEach(e -> all.put(e.getKey(), e.getValue()));
        }
        query.forEach(e -> all.put(e.getKey(), decode(e.getValue())));
        all.remove("method");
        return all;
    }

    private static Object decode(String value) {
        String v = value.trim();
        if (v.startsWith("{") || v.startsWith("[")) {
            try {
                return v.startsWith("{") ? new JsonObject(v) : new JsonArray(v);
            } catch (RuntimeException notJson) {
                return value;
            }
        }
        return value;
    }

    double doubleValue(String name) {
        Object v = raw(name);
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
    }

    /** @return the object parameter (JSON or JSON text), or null */
    JsonObject object(String name) {
        Object v = raw(name);
        return v instanceof JsonObject o ? o : v instanceof String t && decode(t) instanceof JsonObject o ? o : null;
    }

    /** @return the array parameter (JSON or JSON text), or an empty array */
    JsonArray array(String name) {
        Object v = raw(name);
        return v instanceof JsonArray a ? a : v instanceof String t && decode(t) instanceof JsonArray a ? a
                : new JsonArray();
    }

    static Params of(RoutingContext ctx) {
        JsonObject json = null;
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.startsWith("application/json") && ctx.body().length() > 0) {
            json = ctx.body().asJsonObject();
        }
        return new Params(ctx.queryParams(), ctx.request().formAttributes(), json);
    }

    Object raw(String name) {
        if (query.contains(name)) {
            return query.get(name);
        }
        if (json != null && json.containsKey(name)) {
            return json.getValue(name);
        }
        return form.contains(name) ? form.get(name) : null;
    }

    String string(String name, String fallback) {
        Object v = raw(name);
        return v == null ? fallback : String.valueOf(v);
    }

    long longValue(String name, long fallback) {
        Object v = raw(name);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? fallback : Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    int intValue(String name, int fallback) {
        long v = longValue(name, fallback);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    boolean bool(String name) {
        Object v = raw(name);
        return v instanceof Boolean b ? b : v != null && ("true".equalsIgnoreCase(String.valueOf(v))
                || "1".equals(String.valueOf(v)));
    }

    Long nestedLong(String object, String field) {
        Object v = raw(object);
        JsonObject o = null;
        if (v instanceof JsonObject j) {
            o = j;
        } else if (v instanceof String s && s.startsWith("{")) {
            try {
                o = new JsonObject(s);
            } catch (RuntimeException ignored) {
                return null;
            }
        }
        return o == null ? null : o.getLong(field);
    }

    /** @return the list, or null when absent or invalid (which keeps the previous setting) */
    List<String> stringList(String name) {
        Object v = raw(name);
        JsonArray array = null;
        if (v instanceof JsonArray a) {
            array = a;
        } else if (v instanceof String s && s.trim().startsWith("[")) {
            try {
                array = new JsonArray(s);
            } catch (RuntimeException invalid) {
                return null;
            }
        }
        if (array == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object o : array) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
