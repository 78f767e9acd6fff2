package dev.parley.common.event;

import java.time.Instant;

/**
 * A record a stage could not process, with the reason; on {@code parley.dead-letters.v1}.
 * The raw bytes are kept (base64) so an operator can inspect or re-inject them.
 */
public record DeadLetter(String sourceTopic, int partition, long offset, String keyBase64, String valueBase64,
                         String stage, String reason, Instant at) {
}
