// "Who has access" (the planners, with removal) and "Who looked at your data" (the access log, page by page).
import { h } from '../../dom.js';
import { t, has, getLocale, formatDateTime, formatWhen } from '../../i18n.js';
import { get, getAll, del, seg } from '../../api.js';
import { statusLine, showStatus, errorText } from '../../forms.js';
import { card, list, actionButton, loadingCard, button, roleLabel } from '../../ui.js';
import { session } from '../../state.js';
import { anyRoleLabel } from './data.js';

const LOG_PAGE = 10;

function plannerItem(who, planner, status, reload) {
  const isMe = planner.plannerId === session.me.id;
  const meta = [roleLabel(planner.role), t('planners.since', { date: formatDateTime(planner.since) })];
  return h('li', { class: 'row', dataset: { plannerId: planner.plannerId } },
    h('div', { class: 'row-text' },
      h('span', { class: 'row-title' }, isMe ? t('planners.you', { name: planner.name }) : planner.name),
      h('span', { class: 'row-meta' }, meta.join(' · '))),
    isMe ? null : h('div', { class: 'row-actions' }, actionButton(t('planners.remove'), {
      confirmText: t('privacy.access.removeConfirm', { name: planner.name }),
      status,
      errors: { 'guardian-needed': 'planners.lastGuardian' },
      props: { id: `access-remove-${planner.plannerId}`, class: 'button subtle' },
      action: async () => {
        await del(`${who.base}/planners/${seg(planner.plannerId)}`);
        showStatus(status, t('privacy.access.removed', { name: planner.name }), 'success');
        await reload();
      },
    })));
}

export function accessCard(who) {
  const box = loadingCard(t('privacy.access.title'), async (reload, status) => {
    const planners = await getAll(`${who.base}/planners`);
    return [
      h('p', { class: 'hint' }, t('privacy.access.lead')),
      list(planners, (p) => plannerItem(who, p, status, reload),
        { id: 'privacy-planners', className: 'rows', emptyText: t('privacy.access.none') }),
    ];
  }, { id: 'privacy-access' });
  return box.section;
}

/** A name in the possessive: "Idas", "Jonas'" (Danish); "Ida's" (English). */
function possessive(name) {
  if (getLocale() === 'da') return /[sxz]$/i.test(name) ? `${name}'` : `${name}s`;
  return `${name}'s`;
}

/** One entry as a sentence in the reader's words: "Mette så din plan i går kl. 18.02". */
export function logSentence(who, entry) {
  const name = entry.actorName || t('privacy.deletedAccount');
  const words = who.isSelf
    ? { your: t('privacy.log.your'), yourN: t('privacy.log.yourN'), yourPl: t('privacy.log.yourPl'), you: t('privacy.log.you') }
    : { your: possessive(who.name), yourN: possessive(who.name), yourPl: possessive(who.name), you: who.name };
  const key = has(`log.${entry.what}`) ? `log.${entry.what}` : 'log.other';
  return `${t(key, { name, ...words })} ${formatWhen(entry.at)}`;
}

function logItem(who, entry) {
  const role = anyRoleLabel(entry.actorRole);
  const meta = [
    formatDateTime(entry.at),
    entry.platform ? t('privacy.log.from', { platform: entry.platform }) : t('privacy.log.unknownPlatform'),
  ];
  return h('li', { class: 'row', tabindex: '-1', dataset: { entryId: entry.id } },
    h('div', { class: 'row-text' },
      h('span', { class: 'row-title' }, logSentence(who, entry),
        role ? h('span', { class: 'tag tag-soft' }, role) : null),
      h('span', { class: 'row-meta' }, meta.join(' · '))));
}

/** The person's access log, newest first, a page at a time. */
export function accessLogList(who, id = 'access-log') {
  const status = statusLine();
  const rows = h('ul', { id, class: 'rows' });
  const loading = h('p', { class: 'loading' }, t('common.loading'));
  const empty = h('p', { class: 'empty', id: `${id}-empty`, hidden: true }, t('privacy.log.empty'));
  const more = button(t('privacy.log.more'), { id: `${id}-more`, class: 'button subtle', hidden: true });
  let next = null;
  const load = async () => {
    more.disabled = true;
    try {
      const query = next ? `?limit=${LOG_PAGE}&after=${encodeURIComponent(next)}` : `?limit=${LOG_PAGE}`;
      const page = await get(`${who.base}/access-log${query}`);
      const items = (page?.items || []).map((entry) => logItem(who, entry));
      const hadFocus = document.activeElement === more;
      rows.append(...items);
      next = page?.next || null;
      more.hidden = !next;
      empty.hidden = rows.children.length > 0;
      // When the button goes away, keep the keyboard in the list rather than losing it.
      if (hadFocus && more.hidden && items[0]) items[0].focus();
    } catch (error) {
      showStatus(status, errorText(error), 'error');
    } finally {
      loading.remove();
      more.disabled = false;
    }
  };
  more.addEventListener('click', load);
  load();
  return [loading, empty, rows, h('div', { class: 'actions more' }, more), status];
}

export function accessLogCard(who) {
  return card(t('privacy.log.title'), h('p', { class: 'hint' }, t('privacy.log.lead')), ...accessLogList(who));
}
