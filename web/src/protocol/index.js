/**
 * Parley's client protocol, with no UI: usable from a browser page or from node.
 * Start with {@link ParleyClient}; the other classes are its parts.
 */
export { ParleyClient } from './client.js';
export { Api } from './api.js';
export { Auth } from './auth.js';
export { Socket } from './socket.js';
export { Sender } from './sender.js';
export { Outbox } from './outbox.js';
export { Timeline } from './timeline.js';
export { Emitter } from './emitter.js';
export { ApiError } from './http.js';
export { browserEnv } from './env.js';
