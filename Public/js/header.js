// The page header: product name, navigation for planners, language switch and sign out.
import { h } from './dom.js';
import { t, getLocale, locales } from './i18n.js';
import { session } from './state.js';

const NAV = [
  { path: '/home', key: 'nav.home', match: ['/home', '/users/'] },
  { path: '/institutions', key: 'nav.institutions', match: ['/institutions'] },
  { path: '/sessions', key: 'nav.sessions', match: ['/sessions'] },
  { path: '/account', key: 'nav.account', match: ['/account'] },
  { path: '/privacy', key: 'nav.privacy', match: ['/privacy', '/policy'] },
];

/** A young person who plans their own week has it as their home, and no institutions. */
function navItems() {
  if (!session.me?.ownWeek) return NAV;
  const mine = `/users/${encodeURIComponent(session.me.id)}`;
  const week = `${mine}/plan`;
  const chat = `${mine}/chat`;
  const goals = `${mine}/goals`;
  return [{ path: week, key: 'nav.myWeek', match: [week] }, { path: chat, key: 'nav.chat', match: [chat] }, { path: goals, key: 'nav.goals', match: [goals] }, ...NAV.filter((item) => item.path !== '/home' && item.path !== '/institutions')];
}

function homeHref() {
  if (!session.me) return '#/signin';
  if (session.device) return '#/device';
  if (session.me.restricted) return '#/privacy';
  return session.me.ownWeek ? `#/users/${encodeURIComponent(session.me.id)}/plan` : '#/home';
}

/**
 * Render the header into `root`.
 * handlers: { onLocale(locale), onSignOut() }
 */
export function renderHeader(root, currentPath, { onLocale, onSignOut }) {
  const hadFocus = document.activeElement?.id;
  const planner = session.me && !session.device;

  const brand = h('a', { class: 'brand', href: homeHref() },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t('app.name'));

  // A restricted account has only its privacy page.
  const items = session.me?.restricted ? NAV.filter((item) => item.path === '/privacy') : navItems();
  const nav = planner
    ? h('nav', { class: 'main-nav', 'aria-label': t('nav.label') },
      h('ul', {}, items.map((item) => {
        const active = item.match.some((m) => currentPath === m || (m.endsWith('/') && currentPath.startsWith(m)) || currentPath.startsWith(`${m}/`));
        return h('li', {}, h('a', { href: `#${item.path}`, 'aria-current': active ? 'page' : undefined, id: `nav-${item.key.replace('nav.', '')}` }, t(item.key)));
      })))
    : null;

  const select = h('select', { id: 'lang-switch', class: 'lang-select', onChange: (e) => onLocale(e.target.value) },
    locales().map(({ code, name }) => h('option', { value: code, selected: code === getLocale(), lang: code }, name)));
  // The child's locked screen keeps the language the planner chose: nothing there leads elsewhere.
  const lang = session.childMode ? null : h('div', { class: 'lang' },
    h('label', { for: 'lang-switch', class: 'visually-hidden' }, t('header.language')), select);

  const signOut = planner
    ? h('button', { type: 'button', id: 'signout', class: 'button subtle', onClick: onSignOut }, t('header.signOut'))
    : null;

  const skip = h('a', {
    class: 'skip-link',
    href: '#/',
    onClick: (e) => {
      e.preventDefault();
      document.getElementById('main')?.focus();
    },
  }, t('header.skip'));

  root.replaceChildren(
    skip,
    h('div', { class: 'header-inner' },
      h('div', { class: 'header-top' }, brand, h('div', { class: 'header-tools' }, lang, signOut)),
      nav),
  );
  if (hadFocus) document.getElementById(hadFocus)?.focus();
}
