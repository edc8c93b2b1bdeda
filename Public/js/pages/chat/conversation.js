// #/users/<id>/chat/<conversationId> — one conversation full screen (a phone): back to the list, the thread.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { link } from '../../ui.js';
import { session } from '../../state.js';
import { chatThread } from './thread.js';
import { chatHref } from './conversations.js';

export default async function conversationPage(ctx) {
  const { id, conversationId } = ctx.params;
  const thread = await chatThread(conversationId, { meId: session.me.id, alive: ctx.alive, heading: 'h1' });
  ctx.title = thread.querySelector('#chat-thread-title').textContent;
  thread.querySelector('#chat-thread-title').setAttribute('tabindex', '-1');
  return h('div', { class: 'page chat-page chat-full' },
    h('p', { class: 'back' }, link(chatHref(id), t('chat.back'), { id: 'chat-back' })),
    thread);
}
