// Boot and hash router.
import { h } from './dom.js';
import { t, setLocale, detectLocale, storedLocale, getLocale, onLocaleChange } from './i18n.js';
import { get, post, onUnauthorized, onRestricted, ApiError } from './api.js';
import { changeLocale } from './prefs.js';
import { session, signedIn, signedOut, wasDevice, setChildMode } from './state.js';
import { renderHeader } from './header.js';
import { renderNotices } from './notices.js';
import { renderFooter } from './policy.js';
import { pageTitle, notice, button } from './ui.js';
import { routes, notFound } from './routes.js';
import { onSessionEnded } from './realtime.js';
import { watchReminders } from './reminders.js';

const main = document.getElementById('main');
const headerRoot = document.getElementById('site-header');
const flashRoot = document.getElementById('flash');
const noticesRoot = document.getElementById('site-notices');
const footerRoot = document.getElementById('site-footer');

let visit = { key: null, state: {} };
let renderSeq = 0;
let pendingFlash = null;
let booted = false;

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = (q === -1 ? raw : raw.slice(0, q)) || '/';
  const query = Object.fromEntries(new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)));
  return { raw, path, query };
}

function match(path) {
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params = {};
    const ok = pattern.every((p, i) => {
      if (p.startsWith(':')) {
        params[p.slice(1)] = decodeURIComponent(parts[i]);
        return true;
      }
      return p === parts[i];
    });
    if (ok) return { route, params };
  }
  return null;
}

/**
 * Go to a hash route like "/home". `replace` keeps the browser history clean for redirects.
 * `flash` is an i18n key shown once at the top of the next page.
 */
export function navigate(path, { replace = false, flash = null } = {}) {
  pendingFlash = flash;
  const target = `#${path}`;
  if (location.hash === target) render({ rerender: false });
  else if (replace) location.replace(target);
  else location.hash = target;
}

/** Where a person starts: a young person who plans their own week starts on it, never on the adults' home. */
function homePath(me = session.me) {
  if (!me) return '/signin';
  if (session.device) return '/device';
  if (me.restricted) return '/privacy';
  return me.ownWeek ? `/users/${encodeURIComponent(me.id)}/plan` : '/home';
}

/** Remember typed values by element id so a language switch does not lose them (not passwords or `data-transient`). */
function snapshotValues() {
  const values = {};
  for (const el of main.querySelectorAll('input[id], select[id], textarea[id]')) {
    if (el.type !== 'password' && !('transient' in el.dataset)) values[el.id] = el.type === 'checkbox' ? el.checked : el.value;
  }
  return values;
}

function restoreValues(values) {
  for (const [id, value] of Object.entries(values || {})) {
    const el = document.getElementById(id);
    if (!el || id === 'lang-switch') continue;
    if (el.type === 'checkbox') el.checked = value;
    else el.value = value;
  }
}

/** Header, site notices (restricted account, policy change) and footer around the page. */
function drawHeader(path) {
  renderHeader(headerRoot, path, { onLocale: changeLocale, onSignOut: signOut });
  renderNotices(noticesRoot, path, { onChange: () => render({ rerender: true }) });
  renderFooter(footerRoot);
}

async function render({ rerender = false } = {}) {
  const { raw, path, query } = parseHash();
  if (!rerender || visit.key !== raw) {
    visit = { key: raw, state: {}, flash: pendingFlash };
    pendingFlash = null;
  }
  const seq = ++renderSeq;
  if (path === '/') return navigate(homePath(), { replace: true });
  const found = match(path);
  const route = found?.route || notFound;
  const access = route.access || 'auth';
  // A device stays on its screen (pairing anew aside); a device in child mode has nothing else at all.
  if (session.device && access !== 'device' && (path !== '/pair' || session.childMode)) return navigate('/device', { replace: true });
  if (access === 'auth' && !session.me) return navigate(`/signin?next=${encodeURIComponent(raw)}`, { replace: true });
  if (access === 'guest' && session.me) return navigate(homePath(), { replace: true });
  if (access === 'device' && !(session.me && session.device)) return navigate(homePath(), { replace: true });
  if (path === '/home' && session.me?.ownWeek && !session.device) return navigate(homePath(), { replace: true });
  // A restricted account keeps only its privacy page (and the public pages) until the restriction is lifted.
  if (session.me?.restricted && !session.device && access !== 'public' && !route.restricted) {
    return navigate('/privacy', { replace: true });
  }

  const values = rerender ? snapshotValues() : null;
  // The person's own reminders reach every page they have open.
  if (session.me && !session.me.restricted) watchReminders();
  drawHeader(path);
  const ctx = {
    params: found?.params || {},
    query,
    state: visit.state,
    title: '',
    alive: () => seq === renderSeq,
    navigate,
    homePath,
    refresh: () => render({ rerender: true }),
    signedIn: (user, opts) => { signedIn(user, opts); drawHeader(path); },
    signedOut: () => { signedOut(); drawHeader(path); },
    adoptLocale,
  };
  main.setAttribute('aria-busy', 'true');
  let content;
  try {
    content = await route.page(ctx);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    content = errorPage(error);
  }
  if (seq !== renderSeq) return undefined;
  main.removeAttribute('aria-busy');
  flashRoot.replaceChildren(...(visit.flash ? [notice(t(visit.flash), 'success')] : []));
  main.replaceChildren(...[content].flat().filter(Boolean));
  document.title = ctx.title ? t('app.documentTitle', { page: ctx.title }) : t('app.name');
  if (values) restoreValues(values);
  else {
    window.scrollTo(0, 0);
    (main.querySelector('h1') || main).focus({ preventScroll: true });
  }
  return undefined;
}

function errorPage(error) {
  let text = t('problem.generic');
  if (error instanceof ApiError && error.status === 404) text = t('notFound.text');
  else if (error instanceof ApiError && error.kind === 'restricted') text = t('problem.restricted');
  return h('div', { class: 'page' }, pageTitle(t('error.title')), notice(text, 'error'),
    button(t('error.retry'), { class: 'button primary', onClick: () => render({ rerender: true }) }));
}

/** Use the account's language unless the person picked one on this browser. */
async function adoptLocale(user) {
  if (user?.locale && !storedLocale() && user.locale !== getLocale()) await setLocale(user.locale, { silent: true });
}

async function signOut() {
  try {
    await post('/auth/logout');
  } catch {
    // Already signed out on the server.
  }
  signedOut();
  navigate('/signin', { flash: 'signin.signedOut' });
}

// The session ended while the page was open (the planner who paired this tablet was removed, a guardian ended child
// mode): asking who we are answers 401, which shows the signed-out view below.
onSessionEnded(() => {
  if (session.me) get('/me').catch(() => {});
});

onUnauthorized(() => {
  if (!session.me) return;
  signedOut();
  render({ rerender: true });
});

// Restricted in the meantime (e.g. from another device): show the calm restricted view.
onRestricted(async () => {
  if (!session.me || session.me.restricted || session.device) return;
  try {
    const me = await get('/me');
    if (!me.restricted) return;
    signedIn(me);
    render({ rerender: true });
  } catch {
    // A 401 is handled by onUnauthorized.
  }
});

onLocaleChange(() => {
  if (booted) render({ rerender: true });
});
window.addEventListener('hashchange', () => render());

/**
 * A signed-in user without a login of their own on a browser that was never paired: a planner's session handed to a
 * child. Ask the server, so that a reload stays in child mode.
 */
async function checkChildMode() {
  if (session.me?.hasLogin !== false || wasDevice()) return;
  try {
    const state = await get('/me/child-mode');
    setChildMode(Boolean(state?.locked));
  } catch {
    // Not known: the device screen shows without the way back, as on a paired device.
  }
}

async function boot() {
  await setLocale(await detectLocale());
  try {
    signedIn(await get('/me'));
    await checkChildMode();
    await adoptLocale(session.me);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) console.warn('GET /me', error);
    // A child's device whose connection was ended goes back to the pairing screen, not to a sign-in form.
    if (wasDevice() && error instanceof ApiError && error.status === 401) {
      signedOut();
      booted = true;
      return navigate('/pair', { replace: true, flash: 'pair.disconnected' });
    }
    signedOut();
  }
  booted = true;
  await render();
}

boot();
