package io.gatewatch.vertx.internal;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Ties an upstream call to the server request it serves. Vert.x runs each server request on a
 * context of its own (a duplicate of its connection's); the exchange is kept in that context's
 * local storage, and the HTTP client's pool and connection callbacks, which run on the calling
 * request's context, read it back. A call made from elsewhere (a timer, another verticle's event
 * loop) finds no exchange and is not counted as any request's upstream.
 */
final class RequestContexts {
    // registered before Vert.x sizes its contexts' local storage: this class is loaded while the
    // metrics are created, which Vert.x does before it builds its first context
    private static final ContextLocal<Exchange> EXCHANGE = ContextLocal.registerLocal(Exchange.class);

    private RequestContexts() {
    }

    static void bind(Context context, Exchange exchange) {
        EXCHANGE.put(context, exchange);
    }

    static void unbind(Context context) {
        EXCHANGE.remove(context);
    }

    /** The exchange of the request whose context runs now, or {@code null}. */
    static Exchange current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return null;
        }
        Exchange exchange = EXCHANGE.get(context);
        return exchange == null || exchange.finished ? null : exchange;
    }

    /** Loads this class, and so registers its local storage, before Vert.x creates a context. */
    static void register() {
        // the static initialiser does the work
    }
}
