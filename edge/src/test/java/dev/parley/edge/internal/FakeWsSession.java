package dev.parley.edge.internal;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A WebSocket whose sends can be made to hang (a peer that stopped reading) or fail. */
final class FakeWsSession implements WsSession {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final CountDownLatch sendEntered = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int closeCode;
    volatile boolean hang;
    volatile boolean fail;

    @Override
    public WsSession send(String text, boolean last) {
        sendEntered.countDown();
        if (fail) {
            throw new IllegalStateException("broken pipe");
        }
        if (hang) {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new IllegalStateException("socket closed by interrupt");
            }
        }
        sent.add(text);
        return this;
    }

    @Override
    public WsSession send(BufferData bufferData, boolean last) {
        return this;
    }

    @Override
    public WsSession ping(BufferData bufferData) {
        return this;
    }

    @Override
    public WsSession pong(BufferData bufferData) {
        return this;
    }

    @Override
    public WsSession close(int code, String reason) {
        closeCode = code;
        closed.countDown();
        return this;
    }

    @Override
    public WsSession terminate() {
        return this;
    }

    @Override
    public SocketContext socketContext() {
        throw new UnsupportedOperationException();
    }
}
