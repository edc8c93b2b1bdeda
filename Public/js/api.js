// JSON client for /api/v1. Errors are RFC 9457 problem documents, surfaced as ApiError.
import { getLocale } from './i18n.js';

const BASE = '/api/v1';
let unauthorizedHandler = null;
let restrictedHandler = null;

export class ApiError extends Error {
  constructor(status, problem, retryAfter = null) {
    super(problem?.detail || problem?.title || (status ? `HTTP ${status}` : 'network error'));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem || null;
    this.retryAfter = retryAfter;
    /** field name -> first message, from the problem's `errors` list */
    this.fieldErrors = {};
    for (const item of Array.isArray(problem?.errors) ? problem.errors : []) {
      if (item && item.field && !(item.field in this.fieldErrors)) this.fieldErrors[item.field] = item.message || '';
    }
  }

  /** The problem type without its "/problems/" prefix, e.g. "invalid-token". */
  get kind() {
    const type = this.problem?.type || '';
    return type.startsWith('/problems/') ? type.slice('/problems/'.length) : '';
  }
}

/** Called with the ApiError whenever a request answers 401 because the session is missing or ended. */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

/** Called with the ApiError whenever a request answers 403 `/problems/restricted`. */
export function onRestricted(fn) {
  restrictedHandler = fn;
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json', 'Accept-Language': getLocale() };
  const init = { method, headers, credentials: 'same-origin' };
  if (body instanceof FormData) {
    init.body = body; // the browser writes the multipart Content-Type with its boundary
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(BASE + path, init);
  } catch {
    throw new ApiError(0, null);
  }
  const text = res.status === 204 ? '' : await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const retry = Number.parseInt(res.headers.get('Retry-After') || '', 10);
    const error = new ApiError(res.status, data, Number.isFinite(retry) ? retry : null);
    if (res.status === 401 && error.kind !== 'invalid-credentials' && unauthorizedHandler) unauthorizedHandler(error);
    if (res.status === 403 && error.kind === 'restricted' && restrictedHandler) restrictedHandler(error);
    throw error;
  }
  return data;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const patch = (path, body) => request('PATCH', path, body);
export const put = (path, body) => request('PUT', path, body);
export const del = (path) => request('DELETE', path);

/** POST one file as multipart/form-data in the field `file`, with extra text fields. */
export function upload(path, file, fields = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, file.name || 'picture');
  return request('POST', path, form);
}

/** Follow `next` cursors and return all items of a list (bounded, to stay calm on very long lists). */
export async function getAll(path, maxPages = 20) {
  const items = [];
  let after = null;
  for (let page = 0; page < maxPages; page += 1) {
    const sep = path.includes('?') ? '&' : '?';
    const data = await get(after ? `${path}${sep}after=${encodeURIComponent(after)}&limit=100` : `${path}${sep}limit=100`);
    items.push(...(data?.items || []));
    if (!data?.next) break;
    after = data.next;
  }
  return items;
}

/** The same-origin URL of an API path, for links the browser follows itself (e.g. a download). */
export const apiUrl = (path) => BASE + path;

/** Encode one path segment (ids, tokens). */
export const seg = (value) => encodeURIComponent(String(value));
