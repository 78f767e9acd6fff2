package dev.parley.bench.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connection capacity of one edge: opens idle WebSockets in batches until {@code max}, the edge's
 * heap (90 % of its maximum), this process's file-descriptor limit, or failing upgrades stop it,
 * then reports heap (after a full GC) and RSS of the edge per connection.
 */
public final class Capacity {
    /** What was reached and what it cost the edge. */
    public record Result(int maxOpen, String limitedBy, int sourceAddresses, long heapBefore, long heapAfter,
            long rssBefore, long rssAfter) {

        public double heapBytesPerConnection() {
            return maxOpen == 0 ? 0 : (double) (heapAfter - heapBefore) / maxOpen;
        }

        public double rssBytesPerConnection() {
            return maxOpen == 0 ? 0 : (double) (rssAfter - rssBefore) / maxOpen;
        }
    }

    private static final int BATCH = 500;
    private static final int PARALLEL = 32;
    private static final Pattern HEAP = Pattern.compile("total (?:reserved )?(\\d+)K, (?:committed \\d+K, )?used (\\d+)K");

    private Capacity() {
    }

    public static Result run(URI ws, List<String> tokens, int max, int perAddress, ProcessHandle edge, PrintStream log)
            throws IOException {
        long pid = edge.pid();
        long heapBefore = ProcStats.heapUsedAfterGc(pid);
        long rssBefore = ProcStats.rssBytes(pid);
        int fdBudget = fdLimit() - 2_000;
        List<IdleSocket> open = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> firstError = new AtomicReference<>();
        String limitedBy = "the configured maximum (bench.capacity.max = " + max + ")";
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            while (open.size() < max) {
                if (open.size() >= fdBudget) {
                    limitedBy = "this process's open-file limit (" + (fdBudget + 2_000) + ")";
                    break;
                }
                if (!edge.isAlive()) {
                    limitedBy = "the edge died";
                    break;
                }
                int before = open.size();
                int batch = Math.min(BATCH, Math.min(max, fdBudget) - before);
                AtomicInteger failed = new AtomicInteger();
                Semaphore permits = new Semaphore(PARALLEL);
                try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < batch; i++) {
                        int n = before + i;
                        ex.submit(() -> {
                            permits.acquireUninterruptibly();
                            try {
                                IdleSocket s = IdleSocket.open(source(n, perAddress), ws, tokens.get(n % tokens.size()), 15_000);
                                open.add(s);
                                readers.submit(s::drain);
                            } catch (IOException | RuntimeException e) {
                                failed.incrementAndGet();
                                firstError.compareAndSet(null, e.toString());
                            } finally {
                                permits.release();
                            }
                        });
                    }
                }
                log.printf("  capacity: %d idle connections open (%d failed in this batch)%n", open.size(), failed.get());
                if (failed.get() > batch / 20) {
                    limitedBy = "failing upgrades: " + firstError.get();
                    break;
                }
                long[] heap = heap(pid);
                if (heap[0] > 0 && heap[1] > heap[0] * 9 / 10) {
                    limitedBy = "the edge's heap (" + heap[1] / 1024 / 1024 + " of " + heap[0] / 1024 / 1024 + " MiB used)";
                    break;
                }
                pingAll(open);
            }
            int reached = open.size();
            long heapAfter = ProcStats.heapUsedAfterGc(pid);
            long rssAfter = ProcStats.rssBytes(pid);
            int addresses = reached == 0 ? 0 : (reached - 1) / perAddress + 1;
            synchronized (open) {
                open.forEach(IdleSocket::close);
            }
            readers.shutdownNow();
            return new Result(reached, limitedBy, addresses, heapBefore, heapAfter, rssBefore, rssAfter);
        }
    }

    /** 127.0.0.1 for the first {@code perAddress} connections, then 127.0.0.2, and so on. */
    static InetAddress source(int n, int perAddress) throws IOException {
        int index = n / perAddress;
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (index / 254), (byte) (1 + index % 254)});
    }

    private static void pingAll(List<IdleSocket> open) {
        List<IdleSocket> copy;
        synchronized (open) {
            copy = List.copyOf(open);
        }
        for (IdleSocket s : copy) {
            try {
                s.ping();
            } catch (IOException e) {
                // counted when it fails to be there at the end
            }
        }
    }

    /** {max, used} of the edge's heap after a full GC (garbage is not a limit). */
    private static long[] heap(long pid) {
        ProcStats.jcmd(pid, "GC.run");
        Matcher m = HEAP.matcher(ProcStats.jcmd(pid, "GC.heap_info"));
        return m.find() ? new long[] {Long.parseLong(m.group(1)) * 1024, Long.parseLong(m.group(2)) * 1024} : new long[] {0, 0};
    }

    static int fdLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Integer.parseInt(line.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 4096;
    }
}
