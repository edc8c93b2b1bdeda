// #/users/<id>/chat — the conversations of a person's circle: everyone's, and one's direct ones, each with what is
// unread, kept current live; writing to one person; and who may write and read back (the person and a guardian).
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, getAll, post, patch, seg } from '../../api.js';
import { errorText, showStatus, statusLine } from '../../forms.js';
import { pageTitle, link, card, button } from '../../ui.js';
import { session } from '../../state.js';
import { watchConversations, sameId } from './live.js';
import { conversationName } from './thread.js';

export const chatHref = (userId, conversationId) =>
  `#/users/${encodeURIComponent(userId)}/chat${conversationId ? `/${encodeURIComponent(conversationId)}` : ''}`;

/** What is unread: the number shown, the words read out ("2 unread"). */
export function unreadBadge(count, id) {
  const badge = h('span', { class: 'badge', id, hidden: !count });
  setUnread(badge, count);
  return badge;
}

export function setUnread(badge, count) {
  badge.hidden = !count;
  badge.dataset.count = String(count);
  badge.replaceChildren(h('span', { 'aria-hidden': 'true' }, count > 99 ? '99+' : String(count)),
    h('span', { class: 'visually-hidden' }, t('chat.unread', { count })));
}

function row(user, conversation, meId) {
  const last = conversation.lastSeq ? null : h('span', { class: 'hint' }, t('chat.noMessages'));
  return h('li', { class: 'chat-row' },
    h('a', { href: chatHref(user.id, conversation.id), id: `chat-conv-${conversation.id}`, class: 'chat-row-link' },
      h('span', { class: 'row-title' }, conversationName(conversation, meId)),
      last,
      unreadBadge(conversation.unreadCount, `chat-unread-${conversation.id}`)));
}

/** Buttons to write to one member of the circle alone (those without a direct conversation yet). */
function startCard(ctx, user, circle, items, meId) {
  const status = statusLine();
  const has = (memberId) => items.some((c) => c.kind === 'direct' && c.members.some((m) => sameId(m.id, memberId)));
  const others = circle.members.filter((m) => !sameId(m.id, meId) && !has(m.id));
  if (!circle.mayWrite || !others.length) return null;
  return card(t('chat.startTitle'),
    h('div', { class: 'actions', id: 'chat-start' }, others.map((m) => button(m.name, {
      id: `chat-start-${m.id}`,
      onClick: async () => {
        try {
          const made = await post(`/users/${seg(user.id)}/conversations`, { withUserId: m.id });
          ctx.navigate(chatHref(user.id, made.id).slice(1));
        } catch (error) {
          showStatus(status, errorText(error), 'error');
        }
      },
    }))), status);
}

/** The circle's settings, for the person and their guardians: viewers writing, new planners reading back. */
function settingsCard(circle) {
  const status = statusLine();
  const box = (id, key, value) => {
    const input = h('input', { type: 'checkbox', id, class: 'check-input', checked: value });
    input.addEventListener('change', async () => {
      input.disabled = true;
      try {
        await patch(`/conversations/${seg(circle.id)}`, { [key]: input.checked });
        showStatus(status, t('chat.settingsSaved'), 'success');
      } catch (error) {
        input.checked = !input.checked;
        showStatus(status, errorText(error), 'error');
      } finally {
        input.disabled = false;
      }
    });
    return h('div', { class: 'check-row' }, input, h('label', { for: id }, t(`chat.${key}`)));
  };
  return card(t('chat.settingsTitle'),
    h('div', { class: 'stack' }, box('chat-viewers-write', 'viewersMayWrite', circle.viewersMayWrite),
      box('chat-share-history', 'sharesHistory', circle.sharesHistory)), status);
}

export default async function conversationsPage(ctx) {
  const id = ctx.params.id;
  const me = session.me;
  const [user, planners] = await Promise.all([get(`/users/${seg(id)}`), getAll(`/users/${seg(id)}/planners`)]);
  const isSelf = sameId(user.id, me.id);
  const role = planners.find((p) => sameId(p.plannerId, me.id))?.role || null;
  ctx.title = isSelf ? t('chat.title') : t('chat.titleOf', { name: user.name });
  const list = h('ul', { class: 'item-list chat-list', id: 'chat-conversations' });
  const extras = h('div', { class: 'stack', id: 'chat-extras' });
  let shown = false;
  watchConversations(user.id, {
    alive: ctx.alive,
    onChange: (items) => {
      list.replaceChildren(...items.map((c) => row(user, c, me.id)));
      list.setAttribute('aria-busy', 'false');
      if (shown) return;
      shown = true;
      const circle = items.find((c) => c.kind === 'circle');
      extras.replaceChildren(...[startCard(ctx, user, circle, items, me.id),
        isSelf || role === 'guardian' ? settingsCard(circle) : null].filter(Boolean));
    },
  });
  list.setAttribute('aria-busy', 'true');
  return h('div', { class: 'page chat-page' },
    h('p', { class: 'back' }, link(`#/users/${encodeURIComponent(user.id)}/plan`, isSelf ? t('chat.backToMyWeek') : t('chat.backToPlan', { name: user.name }), { id: 'chat-back' })),
    pageTitle(ctx.title, 'chat-title'),
    list, extras);
}
