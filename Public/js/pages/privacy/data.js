// "What we hold": each category of data with its count; a button opens it to show the data as readable lists.
import { h } from '../../dom.js';
import { t, has, formatDateTime, localeName } from '../../i18n.js';
import { get, seg } from '../../api.js';
import { errorText } from '../../forms.js';
import { card, button, roleLabel, appLabel } from '../../ui.js';
import { accessLogList } from './access.js';

const TIMES = new Set(['createdAt', 'lastSeenAt', 'at', 'since', 'expiresAt']);
const NAMES = new Set(['actorName', 'givenByName', 'invitedByName']);

/** "read planners" -> the localized "looked at the planners"; unknown actions are shown as they are. */
export function actionLabel(action) {
  const key = `action.${String(action || '').trim().replace(/\s+/g, '-')}`;
  return has(key) ? t(key) : String(action || '');
}

/** A role as a label: planner roles, staff roles, or nothing for an empty role. */
export function anyRoleLabel(role) {
  if (has(`role.${role}`)) return roleLabel(role);
  if (has(`staffRole.${role}`)) return t(`staffRole.${role}`);
  return role ? String(role) : '';
}

function fieldLabel(key) {
  return has(`dataField.${key}`) ? t(`dataField.${key}`) : key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function valueText(key, value) {
  if ((value === null || value === undefined) && NAMES.has(key)) return t('privacy.deletedAccount');
  if (value === null || value === undefined || value === '') return t('privacy.data.notGiven');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (TIMES.has(key)) return formatDateTime(value) || String(value);
  if (key === 'role' || key === 'actorRole') return anyRoleLabel(value);
  if (key === 'action') return actionLabel(value);
  if (key === 'app' && has(`app.${value}`)) return appLabel(value);
  if (key === 'locale' && localeName(value)) return localeName(value);
  if (key === 'kind' && has(`sessions.kind.${value}`)) return t(`sessions.kind.${value}`);
  if (has(`dataValue.${key}.${value}`)) return t(`dataValue.${key}.${value}`);
  return String(value);
}

/** Any JSON value as lists and label/value pairs; text only. */
export function renderData(value, key = '') {
  if (Array.isArray(value)) {
    if (!value.length) return h('p', { class: 'empty' }, t('privacy.data.empty'));
    return h('ul', { class: 'data-list' }, value.map((item) => h('li', { class: 'data-item' }, renderData(item, key))));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const simple = entries.filter(([, v]) => v === null || typeof v !== 'object');
    const nested = entries.filter(([, v]) => v !== null && typeof v === 'object');
    return [
      simple.length ? h('dl', { class: 'details data-details' },
        simple.map(([k, v]) => [h('dt', {}, fieldLabel(k)), h('dd', {}, valueText(k, v))])) : null,
      nested.map(([k, v]) => h('div', { class: 'data-group' }, h('h3', {}, fieldLabel(k)), renderData(v, k))),
    ];
  }
  return h('p', {}, valueText(key, value));
}

function categoryLabel(category, part) {
  const key = `category.${category}.${part}`;
  return has(key) ? t(key) : part === 'title' ? category : '';
}

function categoryItem(who, { category, count }) {
  const open = who.ctx.state.openCategories || (who.ctx.state.openCategories = new Set());
  const panel = h('div', { class: 'category-data', id: `category-data-${category}`, hidden: true, tabindex: '-1' });
  const toggle = button(t('privacy.data.show'), {
    id: `category-toggle-${category}`,
    class: 'button subtle',
    'aria-expanded': 'false',
    'aria-controls': panel.id,
  });
  const title = categoryLabel(category, 'title');
  toggle.setAttribute('aria-label', t('privacy.data.showLabel', { category: title }));
  const show = async (on) => {
    panel.hidden = !on;
    toggle.setAttribute('aria-expanded', String(on));
    toggle.textContent = on ? t('privacy.data.hide') : t('privacy.data.show');
    toggle.setAttribute('aria-label', t(on ? 'privacy.data.hideLabel' : 'privacy.data.showLabel', { category: title }));
    if (on) open.add(category);
    else open.delete(category);
    if (!on) return;
    // The access log is long: the same sentences, newest first and a page at a time, as its own card.
    if (category === 'access-log') {
      panel.replaceChildren(...accessLogList(who, 'category-access-log'));
      return;
    }
    panel.replaceChildren(h('p', { class: 'loading' }, t('common.loading')));
    try {
      const res = await get(`${who.base}/data/${seg(category)}`);
      panel.replaceChildren(...[renderData(res?.data)].flat(Infinity).filter(Boolean));
    } catch (error) {
      panel.replaceChildren(h('p', { class: 'status status-error' }, errorText(error)));
    }
  };
  toggle.addEventListener('click', () => show(panel.hidden));
  if (open.has(category)) show(true);
  return h('li', { class: 'row category', id: `category-${category}`, dataset: { category } },
    h('div', { class: 'row-text' },
      h('span', { class: 'row-title' }, title,
        h('span', { class: 'count', id: `category-count-${category}` }, t('privacy.data.count', { count }))),
      h('span', { class: 'row-meta' }, categoryLabel(category, 'about'))),
    h('div', { class: 'row-actions' }, toggle),
    panel);
}

export function dataCard(who) {
  const categories = who.overview.categories || [];
  return card(t('privacy.data.title'),
    h('p', { class: 'hint' }, t('privacy.data.lead')),
    h('ul', { id: 'privacy-categories', class: 'rows' }, categories.map((c) => categoryItem(who, c))));
}
