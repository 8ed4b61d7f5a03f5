package co.mesa.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load generator for the API, on the same machine as the platform (so it takes
 * CPU from it): for each number of clients, a fresh token of the demo user, a warm-up that is not
 * counted, then {@code --duration} seconds (at most {@code --max-requests} requests) of requests back
 * to back per client thread. Prints one line per level:
 * {@code RESULT label clients requests errors seconds req/s p50 p95 p99 max} (times in ms; percentiles
 * over successful requests).
 *
 * <p>{@code --scenario=create}: {@code POST --path} (default {@code /api/v1/cases}) with a new title each
 * time, expecting 201. {@code --scenario=get}: {@code GET --path}, expecting 200 ({@code Accept: application/json} for
 * {@code /api/} paths, {@code text/html} for pages; {@code --accept=} overrides).
 *
 * <p>The tenant is chosen by the {@code Host} header ({@code *.localhost} does not resolve through the
 * JVM), so run with {@code -Djdk.httpclient.allowRestrictedHeaders=host}.
 *
 * <p>Arguments {@code --name=value}: base, host, scenario, path, clients (1,2,8), warmup (s), duration (s),
 * max-requests, label, keycloak, realm, client, secret, username, password.
 */
public final class LoadGenerator {

    private static final String DESCRIPTION = "Buenos días. Desde esta mañana no logro conectarme a la VPN desde la casa; "
            + "el cliente muestra un error de autenticación aunque la clave es la de siempre. Necesito el escritorio "
            + "remoto del equipo de la oficina para una entrega de hoy. Quedo atenta al teléfono.";

    private final Map<String, String> args;
    private final String accept;
    private final String host;
    private final boolean create;
    private final String path;
    private final AtomicLong serial = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();

    private LoadGenerator(Map<String, String> args) {
        this.args = args;
        this.host = args.get("host");
        this.create = "create".equals(args.getOrDefault("scenario", "create"));
        this.path = args.getOrDefault("path", create ? "/api/v1/cases" : "/api/v1/queue");
        // Pages (e.g. /consola/cola) answer text/html only, and take the same bearer token as the API.
        this.accept = args.getOrDefault("accept", path.startsWith("/api/") ? "application/json" : "text/html");
    }

    public static void main(String[] argv) throws Exception {
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        }
        new LoadGenerator(BenchKeycloak.parse(argv, 0)).run();
    }

    private void run() throws Exception {
        long warmup = Long.parseLong(args.getOrDefault("warmup", "5"));
        long duration = Long.parseLong(args.getOrDefault("duration", "20"));
        long max = Long.parseLong(args.getOrDefault("max-requests", "200000"));
        for (String c : args.getOrDefault("clients", "1,2,8").split(",")) {
            int clients = Integer.parseInt(c.trim());
            String token = BenchKeycloak.token(args.get("keycloak"), args.get("realm"), args.get("client"),
                    args.get("secret"), args.get("username"), args.get("password"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            phase(http, token, clients, warmup, Long.MAX_VALUE, false);
            errorSamples.clear();
            Level level = phase(http, token, clients, duration, max, true);
            long[] all = level.latencies();
            Arrays.sort(all);
            System.out.printf("RESULT\t%s\t%d\t%d\t%d\t%.2f\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f%n",
                    args.getOrDefault("label", create ? "create" : "get"), clients, all.length + level.errors(),
                    level.errors(), level.seconds(), all.length / level.seconds(), ms(all, 0.50), ms(all, 0.95),
                    ms(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
            for (String e : errorSamples) {
                System.err.println("[load] error sample: " + e);
            }
        }
    }

    private record Level(long[] latencies, long errors, double seconds) {
    }

    /** {@code clients} threads sending back to back for {@code seconds}, or until {@code max} requests in all. */
    private Level phase(HttpClient http, String token, int clients, long seconds, long max, boolean measured)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(seconds).toNanos();
        AtomicLong budget = new AtomicLong(max);
        AtomicLong errors = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long[] counts = new long[clients];
        AtomicLong lastEnd = new AtomicLong(start);
        for (int t = 0; t < clients; t++) {
            long[][] holder = {new long[4096]};
            int index = t;
            perThread.add(null);
            Thread thread = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
                    long t0 = System.nanoTime();
                    boolean ok = once(http, token);
                    long t1 = System.nanoTime();
                    lastEnd.accumulateAndGet(t1, Math::max);
                    if (!ok) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (n == holder[0].length) {
                        holder[0] = Arrays.copyOf(holder[0], n * 2);
                    }
                    holder[0][n++] = t1 - t0;
                }
                counts[index] = n;
                synchronized (perThread) {
                    perThread.set(index, holder[0]);
                }
            }, "load-" + t);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        int total = 0;
        for (long c : counts) {
            total += (int) c;
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, (int) counts[t]);
            at += (int) counts[t];
        }
        if (!measured) {
            System.err.printf("[load] %s %s, %d clients: warm-up %d requests%n", create ? "POST" : "GET", path, clients,
                    total + errors.get());
        }
        return new Level(all, errors.get(), (lastEnd.get() - start) / 1e9);
    }

    private boolean once(HttpClient http, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(args.get("base") + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Host", host)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", accept);
            if (create) {
                String body = "{\"service\":\"acceso-remoto\",\"template\":\"acceso-remoto\",\"title\":\"No conecta la VPN "
                        + "desde casa (prueba de carga " + serial.incrementAndGet() + ")\",\"description\":\"" + DESCRIPTION
                        + "\",\"fields\":{\"telefono-contacto\":\"601 555 0101\"}}";
                b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            } else {
                b.GET();
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = r.statusCode() == (create ? 201 : 200);
            if (!ok && errorSamples.size() < 3) {
                errorSamples.add("HTTP " + r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length())));
            }
            return ok;
        } catch (Exception e) {
            if (errorSamples.size() < 3) {
                errorSamples.add(e.toString());
            }
            return false;
        }
    }

    private static double ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int k = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))] / 1e6;
    }
}
