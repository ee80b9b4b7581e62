import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver that checks both of Herald's signatures before it trusts a delivery.
 * Run it with any JDK 17 or newer, no build needed: {@code java VerifyingReceiver.java PORT SECRET}.
 * It answers 204 to a delivery whose signatures match and 401 to anything else.
 */
public class VerifyingReceiver {

    /** A delivery older or newer than this is refused, so a captured request cannot be replayed later. */
    static final long TOLERANCE_SECONDS = 300;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String secret = args[1];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            // Verify the raw bytes as received: parsing and re-serialising the JSON changes them.
            byte[] body = exchange.getRequestBody().readAllBytes();
            Headers headers = exchange.getRequestHeaders();
            boolean verified = standardWebhooks(secret, headers, body) && heraldSignature(secret, headers, body);
            System.out.println((verified ? "verified " : "REJECTED ") + headers.getFirst("X-Herald-Event")
                    + " " + headers.getFirst("X-Herald-Delivery"));
            exchange.sendResponseHeaders(verified ? 204 : 401, -1);
            exchange.close();
        });
        server.start();
        System.out.println("listening on http://localhost:" + port + "/");
    }

    /** {@code webhook-signature}: v1,base64(HMAC-SHA256(key, id.timestamp.body)), key = base64-decoded secret after whsec_. */
    static boolean standardWebhooks(String secret, Headers headers, byte[] body) {
        String id = headers.getFirst("webhook-id");
        String timestamp = headers.getFirst("webhook-timestamp");
        String signatures = headers.getFirst("webhook-signature");
        if (id == null || timestamp == null || signatures == null || !timestamp.matches("[0-9]{1,12}")) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
            return false;
        }
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.writeBytes((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        signed.writeBytes(body);
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] expected = ("v1," + Base64.getEncoder().encodeToString(hmac(key, signed.toByteArray())))
                .getBytes(StandardCharsets.UTF_8);
        // during a secret rotation's grace period there are two, space-separated: either may match
        for (String signature : signatures.split(" ")) {
            if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    /** {@code X-Herald-Signature}: sha256= + hex(HMAC-SHA256(the secret string's UTF-8 bytes, body)). */
    static boolean heraldSignature(String secret, Headers headers, byte[] body) {
        String signature = headers.getFirst("X-Herald-Signature");
        byte[] expected = ("sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body)))
                .getBytes(StandardCharsets.UTF_8);
        return signature != null && MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
