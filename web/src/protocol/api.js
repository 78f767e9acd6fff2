import { ApiError, join, request } from './http.js';

/**
 * The REST calls of the contract, on the service that serves each: conversations and
 * membership on auth, the conversation list, history and presence on the edge. Every call
 * carries the access token; a 401 (the token expired in flight) refreshes once and retries.
 */
export class Api {
  #env;
  #authUrl;
  #edgeUrl;
  #auth;

  /**
   * @param {import('./env.js').Env} env
   * @param {{authUrl: string, edgeUrl: string}} urls
   * @param {import('./auth.js').Auth} auth
   */
  constructor(env, { authUrl, edgeUrl }, auth) {
    this.#env = env;
    this.#authUrl = authUrl;
    this.#edgeUrl = edgeUrl;
    this.#auth = auth;
  }

  async #call(base, method, path, body, status) {
    const url = join(base, path);
    try {
      return await request(this.#env.fetch, url, { method, body, status, token: await this.#auth.token() });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      const login = await this.#auth.refresh();
      return request(this.#env.fetch, url, { method, body, status, token: login.accessToken });
    }
  }

  /** A conversation answer, with `created`: whether this call made it (201) or found it (200). */
  async #create(body) {
    let created = false;
    const c = await this.#call(this.#authUrl, 'POST', '/v1/conversations', body, (s) => {
      created = s === 201;
    });
    return { ...c, created };
  }

  /** `GET /v1/conversations` (edge): summaries, most recent activity first. */
  conversations() {
    return this.#call(this.#edgeUrl, 'GET', '/v1/conversations');
  }

  /**
   * `GET /v1/conversations/{id}/messages` (edge): `{messages, hasMore}`, ascending by seq.
   * @param {string} conversationId
   * @param {{after?: number, before?: number, limit?: number}} [page]
   */
  messages(conversationId, { after, before, limit } = {}) {
    const query = new URLSearchParams();
    if (after != null) query.set('after', String(after));
    if (before != null) query.set('before', String(before));
    if (limit != null) query.set('limit', String(limit));
    const q = query.toString();
    return this.#call(this.#edgeUrl, 'GET', `/v1/conversations/${encodeURIComponent(conversationId)}/messages${q ? `?${q}` : ''}`);
  }

  /** `GET /v1/presence?userIds=…` (edge): `{userId: "online"|"offline"}`; at most 200 ids per call. */
  presence(userIds) {
    return this.#call(this.#edgeUrl, 'GET', `/v1/presence?userIds=${userIds.map(encodeURIComponent).join(',')}`);
  }

  /** `GET /v1/conversations/{id}` (auth): `{conversationId, kind, title, members, createdAt}`. */
  conversation(conversationId) {
    return this.#call(this.#authUrl, 'GET', `/v1/conversations/${encodeURIComponent(conversationId)}`);
  }

  /** `POST /v1/conversations` direct: the same pair again answers the existing one (`created` false). */
  createDirect(otherUserId) {
    return this.#create({ kind: 'direct', members: [otherUserId] });
  }

  /** `POST /v1/conversations` group; the caller is always a member. */
  createGroup(title, userIds) {
    return this.#create({ kind: 'group', title, members: userIds });
  }

  /** `POST /v1/conversations/{id}/members` (any member of a group may add). */
  addMembers(conversationId, userIds) {
    return this.#call(this.#authUrl, 'POST', `/v1/conversations/${encodeURIComponent(conversationId)}/members`,
      { userIds });
  }

  /** `DELETE /v1/conversations/{id}/members/{userId}`: leave, or remove (the creator). */
  removeMember(conversationId, userId) {
    return this.#call(this.#authUrl, 'DELETE',
      `/v1/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(userId)}`);
  }
}
