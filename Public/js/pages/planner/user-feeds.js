// A calendar subscription: a private address of the person's plan for one's own calendar app (Apple, Google,
// Outlook). The address is shown once, when it is made; each can be switched off (its address then answers nothing).
import { h } from '../../dom.js';
import { t, formatDate, formatDateTime } from '../../i18n.js';
import { getAll, post, del, seg } from '../../api.js';
import { showStatus, errorText } from '../../forms.js';
import { list, loadingCard, button, confirmBox } from '../../ui.js';

function feedItem(user, feed, status, reload) {
  const used = feed.lastUsedAt ? t('feeds.lastUsed', { date: formatDateTime(feed.lastUsedAt) }) : t('feeds.neverUsed');
  return h('li', { class: 'row', id: `feed-${feed.id}` },
    h('div', { class: 'row-text' },
      h('span', { class: 'row-title' }, t('feeds.made', { date: formatDate(feed.createdAt) })),
      h('span', { class: 'row-meta' }, used)),
    h('div', { class: 'row-actions' }, confirmBox(t('feeds.revoke'), {
      id: `feed-revoke-${feed.id}`, text: t('feeds.revokeQuestion'), confirmLabel: t('feeds.revokeYes'), status, serious: true,
      action: async () => {
        await del(`/users/${seg(user.id)}/calendar-feeds/${seg(feed.id)}`);
        document.querySelector(`#feed-new[data-feed-id="${feed.id}"]`)?.remove();
        showStatus(status, t('feeds.revoked'), 'success');
        await reload();
        document.getElementById('feed-create')?.focus();
      },
    })));
}

/** The new address, once: to copy (the clipboard, else selected for copying by hand) or to open in a calendar app. */
function addressPanel(feed) {
  const input = h('input', { id: 'feed-url', type: 'text', readonly: 'readonly', value: feed.url, class: 'address-input', 'aria-describedby': 'feed-url-hint', 'data-transient': '' });
  const said = h('p', { class: 'status', id: 'feed-copy-status', role: 'status', 'aria-live': 'polite' });
  const copy = button(t('feeds.copy'), {
    id: 'feed-copy', class: 'button primary',
    onClick: async () => {
      try {
        await navigator.clipboard.writeText(feed.url);
        showStatus(said, t('feeds.copied'), 'success');
      } catch {
        input.focus();
        input.select();
        showStatus(said, t('feeds.selected'), 'info');
      }
    },
  });
  input.addEventListener('focus', () => input.select());
  return h('div', { class: 'feed-new stack', id: 'feed-new', dataset: { feedId: feed.id }, role: 'region', 'aria-labelledby': 'feed-url-label' },
    h('div', { class: 'field' },
      h('label', { for: 'feed-url', id: 'feed-url-label' }, t('feeds.address')),
      h('p', { class: 'hint', id: 'feed-url-hint' }, t('feeds.onlyOnce')),
      input),
    h('div', { class: 'actions' }, copy,
      feed.webcalUrl ? h('a', { href: feed.webcalUrl, id: 'feed-open', class: 'button' }, t('feeds.open')) : null),
    said);
}

export function feedsCard({ user }) {
  const path = `/users/${seg(user.id)}/calendar-feeds`;
  const box = loadingCard(t('feeds.title'), async (reload, status) => {
    const feeds = await getAll(path);
    if (!feeds.length) return h('p', { class: 'empty', id: 'feeds-empty' }, t('feeds.none'));
    return [h('h3', { class: 'feeds-heading' }, t('feeds.yours')),
      list(feeds, (feed) => feedItem(user, feed, status, reload), { id: 'feeds', className: 'rows' })];
  }, { id: 'feeds-body' });
  box.section.id = 'feeds-card';
  const area = h('div', { class: 'feed-area' });
  const make = button(t('feeds.make'), { id: 'feed-create', class: 'button primary' });
  make.addEventListener('click', async () => {
    make.disabled = true;
    try {
      const feed = await post(path);
      showStatus(box.status, '');
      area.replaceChildren(addressPanel(feed));
      document.getElementById('feed-url')?.focus();
      await box.reload();
    } catch (error) {
      showStatus(box.status, errorText(error, { 409: 'feeds.tooMany' }), 'error');
    } finally {
      make.disabled = false;
    }
  });
  const lead = h('div', { class: 'feed-lead' },
    h('p', {}, t('feeds.lead', { name: user.name })),
    h('p', { class: 'hint' }, t('feeds.secret')));
  box.section.querySelector('h2').after(lead, h('div', { class: 'actions' }, make), area);
  return box.section;
}
