package herald.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server whose answer a test writes byte by byte, for receivers that misbehave
 * on the wire: ones that drip their response or never end it. Counts what it managed to write.
 */
final class ScriptedReceiver implements AutoCloseable {

    /** Writes the response to a request whose headers and body were read. */
    @FunctionalInterface
    interface Script {
        void answer(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final AtomicLong written = new AtomicLong();

    ScriptedReceiver(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.startVirtualThread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.startVirtualThread(() -> serve(socket, script));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    private void serve(Socket socket, Script script) {
        try (socket) {
            readRequest(socket.getInputStream());
            OutputStream counting = new OutputStream() {
                private final OutputStream out = socket.getOutputStream();

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    written.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    out.flush();
                    written.addAndGet(len);
                }
            };
            script.answer(counting);
        } catch (IOException | InterruptedException e) {
            // the client hung up: exactly what these tests provoke
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            head.append((char) c);
        }
        long length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        in.readNBytes((int) length);
    }

    static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    static void chunkedHead(OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** Bytes of response written before the client went away. */
    long written() {
        return written.get();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
