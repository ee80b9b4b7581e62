package herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard over plain HTTP, as a browser would send its forms but without one: sign-in, pages
 * with a session cookie, and form posts. Redirects are not followed, so tests see each 303.
 */
final class DashboardClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"");

    private final String base;
    private final HttpClient client;

    DashboardClient(String base) {
        this(base, HttpClient.newHttpClient());
    }

    private DashboardClient(String base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    /** A client whose connections come from {@code address}, e.g. 127.0.0.2 for a second client on loopback. */
    static DashboardClient from(String base, String address) throws IOException {
        return new DashboardClient(base, HttpClient.newBuilder().localAddress(InetAddress.getByName(address)).build());
    }

    HttpResponse<String> signIn(String key) throws IOException, InterruptedException {
        return signIn(key, "http");
    }

    /** Posts the sign-in form as if reached over {@code proto} (the {@code X-Forwarded-Proto} a proxy sets). */
    HttpResponse<String> signIn(String key, String proto) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri("/dashboard/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-Proto", proto)
                .POST(HttpRequest.BodyPublishers.ofString("apiKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in and returns the session token from the cookie. */
    String session(String key) throws IOException, InterruptedException {
        HttpResponse<String> signedIn = signIn(key);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        return value(signedIn.headers().firstValue("Set-Cookie").orElseThrow());
    }

    HttpResponse<String> get(String path, String session) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (session != null) {
            request.header("Cookie", Gate.COOKIE + "=" + session);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form with the session cookie, and an {@code Origin} header unless it is null. */
    HttpResponse<String> post(String path, String session, String form, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Gate.COOKIE + "=" + session)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form the way the page at {@code page} would: with its CSRF token, from Herald's origin. */
    HttpResponse<String> submit(String page, String path, String session, String form)
            throws IOException, InterruptedException {
        return post(path, session, form + "&csrf=" + csrf(get(page, session).body()), base);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }
}
