package dev.parley.edge.internal;

import dev.parley.common.frame.CloseCode;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.Limits;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection (a new listener per connection). Runs on the connection's own
 * virtual thread; everything sent to the client goes through the session's writer.
 *
 * <p>A refused upgrade throws {@link WsUpgradeException}: Helidon then routes the request as
 * plain HTTP, where the {@code GET /ws} route answers the contract's 401/403 JSON error.
 */
public final class EdgeWsListener implements WsListener {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeWsListener.class);

    private final SessionHub hub;
    private final UpgradeGate gate;
    private Admission.Admitted admitted;
    private EdgeSession session;
    private StringBuilder fragments;

    public EdgeWsListener(SessionHub hub, UpgradeGate gate) {
        this.hub = hub;
        this.gate = gate;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        if (gate.upgrade(headers, prologue.query()) instanceof Admission.Admitted a) {
            admitted = a;
            return Optional.empty();
        }
        throw new WsUpgradeException("refused");
    }

    @Override
    public void onOpen(WsSession ws) {
        if (admitted == null) { // cannot happen: Helidon upgrades only after onHttpUpgrade accepted
            ws.close(CloseCode.POLICY.code(), "unauthorized");
            return;
        }
        session = hub.open(ws, admitted.token());
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        if (session == null) {
            return;
        }
        if (!last || fragments != null) {
            if (fragments == null) {
                fragments = new StringBuilder();
            }
            fragments.append(text);
            if (fragments.length() > Limits.MAX_FRAME_BYTES) { // chars <= UTF-8 bytes: a safe lower bound
                fragments = null;
                tooBig();
                return;
            }
            if (!last) {
                hub.inbound().touch(session);
                return;
            }
            text = fragments.toString();
            fragments = null;
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_FRAME_BYTES) {
            tooBig();
            return;
        }
        hub.inbound().text(session, text);
    }

    /** A frame over the contract's size: counted as an invalid frame, and the socket is closed with 1009. */
    private void tooBig() {
        hub.inbound().invalid();
        session.close(CloseReason.TOO_BIG, true);
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        if (session != null && last) {
            hub.inbound().touch(session);
            hub.inbound().invalid();
            session.send(ErrorFrame.of(ErrorCode.BAD_REQUEST, "frames must be JSON text frames"));
        }
    }

    @Override
    public void onPing(WsSession ws, BufferData buffer) {
        if (session != null) {
            hub.inbound().touch(session);
            byte[] data = new byte[buffer.available()];
            buffer.read(data);
            session.pong(data);
        }
    }

    @Override
    public void onPong(WsSession ws, BufferData buffer) {
        if (session != null) {
            hub.inbound().touch(session);
        }
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        if (session != null) {
            session.closedByPeer(CloseReason.ofPeer(status));
        }
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        // the peer's fault or ours: either way the session ends here, and the reason must not be lost
        LOG.warn("WebSocket error in session {}: {}", session == null ? "(not open)" : session.sessionId(),
                t.toString(), t);
        if (session != null) {
            session.closedByPeer(CloseReason.ERROR);
        }
    }
}
