/** A request to a Jetway server's admin API: the answer's JSON (null when it has none), or an error with the server's problem detail. */
export type AdminCall = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<unknown>;

/** A server and the admin credential the CLI sends it (the data dir's admin key, or JETWAY_ADMIN_TOKEN). */
export interface AdminServer {
  url: string;
  token: string;
}

export function adminCall(target: AdminServer): AdminCall {
  return async (method, path, body) => {
    let response: Response;
    try {
      response = await fetch(`${target.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new Error(`cannot reach the Jetway server at ${target.url}: ${(error as Error).message}`, { cause: error });
    }
    const json = (await response.json().catch(() => null)) as { detail?: string; errors?: Array<{ path: string; message: string }> } | null;
    if (!response.ok) {
      // The problem's per-field errors say what to change (e.g. "url: Use an https URL").
      const fields = (json?.errors ?? []).map((error) => `${error.path}: ${error.message}`).join('; ');
      const detail = json?.detail ?? `the server at ${target.url} answered ${response.status}`;
      throw new Error(fields ? `${detail} (${fields})` : detail);
    }
    return json;
  };
}
