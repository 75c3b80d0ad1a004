// The one way the dashboard talks to the service: the same JSON API, token and roles as any other client.
const TOKEN = 'ormtask-token';

export function token() {
  return sessionStorage.getItem(TOKEN) || '';
}

export function keepToken(value) {
  if (value) sessionStorage.setItem(TOKEN, value); else sessionStorage.removeItem(TOKEN);
}

/** An answer the page shows as it is: the service's problem document, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** A body that is JSON text already, sent as it is (numbers keep the digits typed: see start.js). */
export class JsonText {
  constructor(text) {
    this.text = text;
  }
}

/** Calls the API; resolves to {status, data} (a run body also for 500), rejects with an ApiError. */
export async function api(method, path, body, extraHeaders) {
  const headers = { Accept: 'application/json', ...(extraHeaders || {}) };
  if (token()) headers.Authorization = 'Bearer ' + token();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    const sent = body === undefined ? undefined : body instanceof JsonText ? body.text : JSON.stringify(body);
    response = await fetch(path, { method, headers, body: sent });
  } catch (e) {
    throw new ApiError('The service did not answer (' + e.message + ').', 0);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (response.status === 401) throw new ApiError('Sign in with an API token (the service answered 401).', 401);
  if (response.status >= 400 && !(data && data.id)) {
    const problem = data || {};
    const what = problem.errors && problem.errors.length > 1 ? problem.errors.join('; ') : (problem.detail || '');
    throw new ApiError((problem.title || 'HTTP ' + response.status) + ' (' + response.status + '): ' + what,
        response.status);
  }
  return { status: response.status, data };
}

/** Starts from the dashboard are recorded with the trigger DASHBOARD. */
export const FROM_DASHBOARD = { 'X-Ormtask-Trigger': 'DASHBOARD' };

export const path = (...parts) => '/api/' + parts.map((p) => encodeURIComponent(p)).join('/');
