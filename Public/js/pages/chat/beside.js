// The chat beside a person's week: a button to the conversations with what is unread (always), and on a wide screen
// the circle's conversation itself next to the week, so a planner reads and answers while planning.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { session } from '../../state.js';
import { watchConversations } from './live.js';
import { chatThread } from './thread.js';
import { chatHref, unreadBadge, setUnread } from './conversations.js';

// Wide enough for the week's seven days and the conversation side by side (the page widens for it).
const WIDE = '(min-width: 1360px)';

export function planChat({ ctx, user }) {
  const badge = unreadBadge(0, 'plan-chat-unread');
  const open = h('a', { href: chatHref(user.id), id: 'plan-chat', class: 'button' }, t('chat.open'), ' ', badge);
  const wide = window.matchMedia(WIDE).matches;
  const panel = wide ? h('aside', { class: 'plan-chat', id: 'plan-chat-panel', 'aria-label': t('chat.title') },
    h('p', { class: 'loading' }, t('common.loading'))) : null;
  let threadShown = false;
  watchConversations(user.id, {
    alive: ctx.alive,
    onChange: async (items) => {
      const unread = items.reduce((sum, c) => sum + c.unreadCount, 0);
      setUnread(badge, unread);
      if (!panel || threadShown) return;
      threadShown = true;
      const circle = items.find((c) => c.kind === 'circle');
      try {
        panel.replaceChildren(await chatThread(circle.id, { meId: session.me.id, alive: ctx.alive }));
      } catch {
        panel.replaceChildren(h('p', { class: 'hint' }, t('problem.generic')));
      }
    },
  });
  return { open, panel };
}
