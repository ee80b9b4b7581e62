package herald.http;

import herald.docs.DocsRoutes;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The contract's error body for the refusals Jetty makes before a request reaches Herald's routes
 * (an illegal character in the URI, a header too large, a bad HTTP message): JSON, never Jetty's
 * HTML page, never a stack trace, whatever the request's {@code Accept} header asks for. One handler
 * for the server (requests refused before any context) and one for the servlet context.
 */
final class JsonErrorPages {

    private JsonErrorPages() {}

    /**
     * For the server: requests refused while parsing, before they reach the servlet context. Jetty
     * closes such a connection, and says so, so that no client sends its next request into it.
     */
    static ErrorHandler forServer() {
        return new ErrorHandler() {
            {
                setShowStacks(false);
            }

            @Override
            protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                         String contentType, List<Charset> charsets, int code,
                                                         String message, Throwable cause) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                return JsonErrorPages.writeJson(response, callback, code);
            }

            @Override
            public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
                fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
                return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    /** For the servlet context: errors the servlet layer raises itself. */
    static org.eclipse.jetty.ee10.servlet.ErrorHandler forServlets() {
        return new org.eclipse.jetty.ee10.servlet.ErrorHandler() {
            {
                setShowStacks(false);
            }

            @Override
            protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                         String contentType, List<Charset> charsets, int code,
                                                         String message, Throwable cause) {
                return JsonErrorPages.writeJson(response, callback, code);
            }
        };
    }

    private static boolean writeJson(Response response, Callback callback, int code) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body(code).getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** Jetty's reason phrases name its internals; the body names only the status. */
    static String body(int status) {
        Map<Integer, String> codes = Map.of(400, "bad_request", 404, "not_found", 405, "method_not_allowed",
                413, "body_too_large", 414, "uri_too_long", 431, "headers_too_large");
        String code = codes.getOrDefault(status, status >= 500 ? "internal_error" : "request_refused");
        String message = status >= 500 ? "Herald could not complete the request"
                : "the request was refused (HTTP " + status + ")";
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"docs\":\""
                + DocsRoutes.errorDocs(code) + "\"}}";
    }
}
