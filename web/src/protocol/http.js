/**
 * JSON over HTTP as the contract speaks it: bodies are JSON, errors are
 * `{"error":{"code","message"}}` with a status, 429 carries `Retry-After` seconds.
 */

/** An HTTP call that failed: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code the contract's snake_case code, `network` when unreachable
   * @param {string} message
   * @param {number} [retryAfterMs] from `Retry-After`, when the server gave one
   */
  constructor(status, code, message, retryAfterMs) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * @param {typeof fetch} fetchFn
 * @param {string} url
 * @param {{method?: string, token?: string, body?: unknown, status?: (status: number) => void}} [options]
 *   `status` hears the status of a successful answer (201 and 200 can mean different things)
 * @returns {Promise<any>} the parsed JSON answer, or null for an empty one (204)
 */
export async function request(fetchFn, url, { method = 'GET', token, body, status } = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetchFn(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', `${method} ${url}: ${e instanceof Error ? e.message : e}`);
  }
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const error = json && typeof json === 'object' ? json.error : null;
    const retryAfter = Number(res.headers.get('Retry-After'));
    throw new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? `${method} ${url}: ${res.status}`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
  }
  status?.(res.status);
  return json;
}

/** @param {string} base @param {string} path */
export function join(base, path) {
  return base.replace(/\/+$/, '') + path;
}
