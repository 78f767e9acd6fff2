package dev.parley.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JsonBuffersTest {

    /** A per-thread pool would give each (virtual) thread buffers of its own, kept while it lives. */
    @Test
    void buffersReleasedByOneThreadAreReusedByAnother() throws InterruptedException {
        RecyclerPool<BufferRecycler> pool = Json.mapper().getFactory()._getRecyclerPool();
        AtomicReference<BufferRecycler> first = new AtomicReference<>();
        AtomicReference<BufferRecycler> second = new AtomicReference<>();
        Thread.ofVirtual().start(() -> use(pool, first)).join();
        Thread.ofVirtual().start(() -> use(pool, second)).join();
        assertThat(second.get()).isNotNull().isSameAs(first.get());
        assertThat(Json.write(new JsonStrictnessTest.Holder("x", null, null))).isEqualTo("{\"s\":\"x\"}");
    }

    private static void use(RecyclerPool<BufferRecycler> pool, AtomicReference<BufferRecycler> into) {
        BufferRecycler r = pool.acquireAndLinkPooled();
        into.set(r);
        r.releaseToPool();
    }
}
