package dev.parley.topology.internal;

import java.lang.reflect.Proxy;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** In-memory stores registered with a MockProcessorContext, with the same serdes as the topology. */
final class TestStores {
    private TestStores() {
    }

    /** A store whose every data operation throws, to provoke an unexpected failure in a processor. */
    @SuppressWarnings("unchecked")
    static <V> KeyValueStore<String, V> failing(String name) {
        return (KeyValueStore<String, V>) Proxy.newProxyInstance(TestStores.class.getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "persistent" -> false;
                    case "isOpen" -> true;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "failing store " + name;
                    default -> throw new IllegalStateException("store " + name + " is broken");
                });
    }

    /**
     * A store that reads through to {@code inner} but throws on every write, to provoke a failure
     * after a processor has decided and started applying its outputs.
     */
    @SuppressWarnings("unchecked")
    static <V> KeyValueStore<String, V> failingWrites(KeyValueStore<String, V> inner) {
        return (KeyValueStore<String, V>) Proxy.newProxyInstance(TestStores.class.getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "put", "putIfAbsent", "putAll", "delete" ->
                            throw new IllegalStateException("disk full writing " + inner.name());
                    default -> {
                        try {
                            yield method.invoke(inner, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    /** A record as a processor reads it: raw key and value bytes, the value as JSON. */
    static org.apache.kafka.streams.processor.api.Record<byte[], byte[]> raw(String key, Object value, long timestamp) {
        return new org.apache.kafka.streams.processor.api.Record<>(
                key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                value == null ? null : dev.parley.common.json.Json.writeBytes(value), timestamp);
    }

    /** A forwarded value (processors forward JSON bytes) decoded as {@code type}. */
    static <T> T decoded(Object value, Class<T> type) {
        return dev.parley.common.json.Json.read((byte[]) value, type);
    }

    static <V> KeyValueStore<String, V> inMemory(MockProcessorContext<?, ?> context, String name, Serde<V> valueSerde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), valueSerde).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
