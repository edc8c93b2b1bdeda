// Translations from /i18n/<locale>.json. Keys are flat ("signin.title"); {name} placeholders are filled from params.
// The locales there are, with their own names and their Intl locales, and the default, are in /i18n/locales.json:
// fetched once when this module loads (index.html preloads it, so it is there alongside the dictionary).

const STORAGE_KEY = 'mobilize.locale';

const catalogue = fetch('/i18n/locales.json', { credentials: 'same-origin' }).then((res) => {
  if (!res.ok) throw new Error(`i18n locales: ${res.status}`);
  return res.json();
});
// Until the list is in: no locale is known, and the page's own language is the current one.
let available = [];
let fallback = null;
let current = document.documentElement.lang;
const dictionaries = {};
const loading = {};
const listeners = new Set();

/** Wait for the list: `available` is [{ code, name, intl }] in the order the language switch shows them. */
async function loadLocales() {
  ({ locales: available, default: fallback } = await catalogue);
}

/** The locales there are, as { code, name } with the language's own name ("Dansk", "English"). */
export function locales() {
  return available.map(({ code, name }) => ({ code, name }));
}

/** A locale's own name, or null for one we do not have. */
export function localeName(code) {
  return available.find((locale) => locale.code === code)?.name || null;
}

export function isLocale(value) {
  return available.some((locale) => locale.code === value);
}

/** The locale a browser language tag ("da-DK", "en") asks for: the same tag, else the same base language; or null. */
function matchTag(tag) {
  const wanted = String(tag).toLowerCase();
  const exact = available.find(({ code }) => code.toLowerCase() === wanted);
  if (exact) return exact.code;
  const base = wanted.split('-')[0];
  return available.find(({ code }) => code.toLowerCase().split('-')[0] === base)?.code || null;
}

/** The stored choice, else the first language in the browser's preference list that we have, else the default. */
export async function detectLocale() {
  await loadLocales();
  const stored = storedLocale();
  if (stored) return stored;
  for (const tag of navigator.languages || [navigator.language || '']) {
    const found = matchTag(tag);
    if (found) return found;
  }
  return fallback;
}

export function storedLocale() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLocale(locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page only.
  }
}

/** Fetch a dictionary once (the default and the chosen one are often the same); a failed one is asked for again. */
function load(locale) {
  if (!loading[locale]) {
    loading[locale] = fetch(`/i18n/${locale}.json`, { credentials: 'same-origin' }).then(async (res) => {
      if (!res.ok) throw new Error(`i18n ${locale}: ${res.status}`);
      dictionaries[locale] = await res.json();
    });
    loading[locale].catch(() => { delete loading[locale]; });
  }
  return loading[locale];
}

/** Load and switch to a locale; updates <html lang> and notifies listeners unless `silent`. */
export async function setLocale(locale, { silent = false } = {}) {
  await loadLocales();
  const next = isLocale(locale) ? locale : fallback;
  await Promise.all([load(fallback), load(next)]);
  const changed = next !== current;
  current = next;
  document.documentElement.lang = next;
  if (changed && !silent) for (const fn of listeners) fn(next);
  return next;
}

export function getLocale() {
  return current;
}

export function onLocaleChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function has(key) {
  return key in (dictionaries[current] || {}) || key in (dictionaries[fallback] || {});
}

export function t(key, params = {}) {
  const template = dictionaries[current]?.[key] ?? dictionaries[fallback]?.[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

function intlLocale() {
  return available.find((locale) => locale.code === current)?.intl || current;
}

/** Date and time of an ISO instant, in the browser's time zone. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(intlLocale(), { timeStyle: 'short' }).format(date);
}

/** A calendar date, from "YYYY-MM-DD" (taken as that day, not as UTC midnight) or from an ISO instant. */
export function formatDate(value) {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value || ''));
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'long' }).format(date);
}

/** A local date "YYYY-MM-DD" with Intl options (e.g. { weekday: 'short', day: 'numeric' }); the same day everywhere. */
export function formatDay(value, options = { dateStyle: 'long' }) {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value || ''));
  if (!day) return '';
  const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  return new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone: 'UTC' }).format(date);
}

/** A wall-clock time from "HH:MM" or "YYYY-MM-DDTHH:MM", written the language's way (07:30, 07.30). */
export function formatClock(value) {
  const time = /(\d{2}):(\d{2})$/.exec(String(value || ''));
  if (!time) return '';
  const date = new Date(Date.UTC(2000, 0, 1, Number(time[1]), Number(time[2])));
  return new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(date);
}

/** When something happened, as a person says it: "i dag kl. 18.02", "i går kl. 18.02", "3. dec. kl. 18.02". */
export function formatWhen(iso, now = new Date()) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const time = new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  const dayOf = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((dayOf(now) - dayOf(date)) / 86400000);
  if (days === 0) return t('when.today', { time });
  if (days === 1) return t('when.yesterday', { time });
  const options = date.getFullYear() === now.getFullYear() ? { day: 'numeric', month: 'short' } : { dateStyle: 'medium' };
  return t('when.on', { date: new Intl.DateTimeFormat(intlLocale(), options).format(date), time });
}

/** "Monday, Wednesday and Friday" / "mandag, onsdag og fredag". */
export function formatList(items) {
  try {
    return new Intl.ListFormat(intlLocale(), { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** The language's ordinal form of a number ('one', 'two', 'few', 'other'), for keys like `ordinal.one`. */
export function ordinalForm(n) {
  try {
    return new Intl.PluralRules(intlLocale(), { type: 'ordinal' }).select(n);
  } catch {
    return 'other';
  }
}
