// "Download your data": start an export, follow it every 2 seconds until it is ready (or failed), then offer the file.
// Earlier exports are listed with the date they expire. The download is a plain same-origin link; the cookie signs it.
// For oneself the /me/export routes are used (they also answer while one's own account is restricted).
import { h } from '../../dom.js';
import { t, getLocale, formatDateTime } from '../../i18n.js';
import { get, getAll, post, seg, apiUrl } from '../../api.js';
import { statusLine, showStatus, errorText } from '../../forms.js';
import { card, button } from '../../ui.js';

const POLL_MS = 2000;

/** Where one export lives: /me/exports/<id> for oneself, else /users/<id>/exports/<id>. */
const exportPath = (who, id) => `${who.isSelf ? '/me/exports' : `${who.base}/exports`}/${seg(id)}`;

function sizeText(bytes) {
  if (!Number.isFinite(bytes) || bytes <= 0) return '';
  const mb = bytes >= 1e6;
  const value = new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 1 }).format(mb ? bytes / 1e6 : Math.max(bytes / 1e3, 0.1));
  return t(mb ? 'privacy.export.sizeMb' : 'privacy.export.sizeKb', { size: value });
}

function exportState(exp) {
  if (exp.status === 'ready' && new Date(exp.expiresAt).getTime() <= Date.now()) return 'expired';
  return ['pending', 'running', 'ready', 'failed'].includes(exp.status) ? exp.status : 'pending';
}

function exportItem(who, exp) {
  const state = exportState(exp);
  const meta = [t(`privacy.export.status.${state}`)];
  if (state === 'ready') meta.push(t('privacy.export.until', { date: formatDateTime(exp.expiresAt) }));
  const download = state === 'ready'
    ? h('a', {
      href: apiUrl(`${exportPath(who, exp.id)}/download`),
      download: '',
      id: `export-download-${exp.id}`,
      class: 'button primary export-download',
    }, t('privacy.export.download'), exp.size ? ` (${sizeText(exp.size)})` : '')
    : null;
  return h('li', { class: 'row', id: `export-${exp.id}`, dataset: { exportId: exp.id, state } },
    h('div', { class: 'row-text' },
      h('span', { class: 'row-title' }, t('privacy.export.item', { date: formatDateTime(exp.createdAt) })),
      h('span', { class: 'row-meta' }, meta.join(' · '))),
    download ? h('div', { class: 'row-actions' }, download) : null);
}

/** Follow an export until it is ready or failed, redrawing its row; stops when the page is left. */
function follow(who, exp, row, status, announce) {
  let current = row;
  const poll = async () => {
    if (!current.isConnected) return;
    let next = exp;
    try {
      next = await get(exportPath(who, exp.id));
    } catch (error) {
      // Gone or not allowed: stop. A passing network problem (or a busy server): try again on the next round.
      if (error?.status >= 400 && error.status < 500 && error.status !== 429) return;
    }
    if (!current.isConnected) return;
    const fresh = exportItem(who, next);
    current.replaceWith(fresh);
    current = fresh;
    if (next.status === 'ready') {
      if (announce) showStatus(status, t('privacy.export.ready'), 'success');
      return;
    }
    if (next.status === 'failed') {
      if (announce) showStatus(status, t('privacy.export.failed'), 'error');
      return;
    }
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}

export function exportCard(who) {
  const status = statusLine();
  status.id = 'export-status';
  const rows = h('ul', { id: 'exports', class: 'rows' });
  const none = h('p', { class: 'empty', id: 'exports-empty', hidden: true }, t('privacy.export.none'));
  const known = new Set();
  const add = (exp, { announce = false, first = false } = {}) => {
    if (known.has(exp.id)) return;
    known.add(exp.id);
    const row = exportItem(who, exp);
    if (first) rows.prepend(row);
    else rows.append(row);
    none.hidden = true;
    if (exp.status === 'pending' || exp.status === 'running') follow(who, exp, row, status, announce);
  };
  const start = button(t('privacy.export.start'), { id: 'export-start', class: 'button primary' });
  start.addEventListener('click', async () => {
    start.disabled = true;
    start.setAttribute('aria-busy', 'true');
    try {
      const exp = await post(who.isSelf ? '/me/export' : `${who.base}/exports`);
      add(exp, { announce: true, first: true });
      showStatus(status, t('privacy.export.started'), 'info');
    } catch (error) {
      showStatus(status, errorText(error), 'error');
    } finally {
      start.disabled = false;
      start.removeAttribute('aria-busy');
    }
  });
  getAll(`${who.base}/exports`).then((items) => {
    items.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    items.forEach((exp) => add(exp));
    none.hidden = items.length > 0 || rows.children.length > 0;
  }, (error) => showStatus(status, errorText(error), 'error'));
  return card(t('privacy.export.title'),
    h('p', { class: 'hint' }, t('privacy.export.lead')),
    h('div', { class: 'actions' }, start),
    status,
    h('h3', {}, t('privacy.export.earlier')),
    none, rows);
}
