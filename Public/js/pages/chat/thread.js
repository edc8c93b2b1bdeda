// A conversation on screen: the messages (one's own on the right, with ticks: sending, sent, read), who is typing,
// and the composer with pictures from the camera or a file. Used full screen on a phone and beside the week.
import { h, clear } from '../../dom.js';
import { t, formatTime, formatDay } from '../../i18n.js';
import { apiUrl, seg } from '../../api.js';
import { errorText, showStatus, statusLine } from '../../forms.js';
import { button, actionButton } from '../../ui.js';
import { openDialog } from '../../dialog.js';
import { ACCEPTED } from '../../picker.js';
import { openConversation, sameId } from './live.js';

const MAX_TEXT = 4000;
const MAX_PICTURES = 4;
const MAX_BYTES = 20 * 1024 * 1024;

const pictureUrl = (id, size) => apiUrl(`/pictures/${seg(id)}?size=${size}`);

/** The conversation's name as its reader sees it: the circle's ("Everyone"), or the other person's. */
export function conversationName(conversation, meId) {
  if (conversation.kind === 'circle') return t('chat.everyone');
  return conversation.members.find((m) => !sameId(m.id, meId))?.name || t('chat.direct');
}

function tick(controller, message) {
  const read = controller.readByOthers(message.seq);
  const key = read ? 'chat.read' : 'chat.sent';
  return h('span', { class: ['chat-tick', read ? 'is-read' : 'is-sent'], 'data-state': read ? 'read' : 'sent', title: t(key) },
    h('span', { 'aria-hidden': 'true' }, read ? '\u2713\u2713' : '\u2713'), h('span', { class: 'visually-hidden' }, t(key)));
}

function pictures(list) {
  if (!list.length) return null;
  return h('div', { class: 'chat-pictures' }, list.map((p) => h('a', {
    href: pictureUrl(p.id, 'display'), target: '_blank', rel: 'noopener', class: 'chat-picture',
  }, h('img', { src: pictureUrl(p.id, 'thumb'), alt: t('chat.picture'), loading: 'lazy', width: 160, height: 160 }))));
}

function editDialog(controller, message) {
  return openDialog({ id: 'chat-edit', title: t('chat.editTitle') }, ({ finish }) => {
    const input = h('textarea', { id: 'chat-edit-text', maxlength: MAX_TEXT, rows: 4, 'aria-label': t('chat.message') });
    input.value = message.text || '';
    const status = statusLine();
    const save = button(t('common.save'), {
      id: 'chat-edit-save', class: 'button primary',
      onClick: async () => {
        if (!input.value.trim()) return showStatus(status, t('chat.empty'), 'error');
        try {
          await controller.edit(message, input.value.trim());
          finish(true);
        } catch (error) {
          showStatus(status, errorText(error), 'error');
        }
        return undefined;
      },
    });
    setTimeout(() => input.focus(), 0);
    return [input, status, h('div', { class: 'actions' }, save)];
  });
}

function messageItem(controller, message, { meId, status }) {
  const mine = sameId(message.senderId, meId);
  const meta = h('span', { class: 'chat-meta' },
    h('time', { datetime: message.sentAt, title: formatDay(message.sentAt) }, formatTime(message.sentAt)),
    message.editedAt && !message.deleted ? h('span', { class: 'chat-edited' }, ` · ${t('chat.edited')}`) : null,
    mine && !message.deleted ? tick(controller, message) : null);
  const actions = mine && !message.deleted
    ? h('div', { class: 'chat-actions' },
      message.text ? button(t('chat.edit'), { class: 'button subtle small', id: `chat-edit-${message.seq}`, onClick: () => editDialog(controller, message) }) : null,
      actionButton(t('chat.delete'), {
        action: () => controller.remove(message), confirmText: t('chat.deleteConfirm'), status,
        props: { class: 'button subtle small', id: `chat-delete-${message.seq}` },
      }))
    : null;
  return h('li', {
    class: ['chat-message', mine ? 'is-mine' : 'is-theirs', message.deleted ? 'is-deleted' : null],
    id: `chat-msg-${message.seq}`, dataset: { seq: message.seq },
  },
  mine ? null : h('span', { class: 'chat-sender' }, message.senderName || t('chat.formerMember')),
  message.deleted
    ? h('p', { class: 'chat-text chat-deleted' }, t('chat.deleted'))
    : [message.text ? h('p', { class: 'chat-text' }, message.text) : null, pictures(message.pictures)],
  meta, actions);
}

function pendingItem(item, retry) {
  return h('li', { class: ['chat-message', 'is-mine', 'is-pending'], dataset: { key: item.clientKey, state: item.failed ? 'waiting' : 'sending' } },
    item.text ? h('p', { class: 'chat-text' }, item.text) : null,
    pictures(item.pictures),
    h('span', { class: 'chat-meta' },
      h('span', { class: 'chat-tick is-sending', 'data-state': item.failed ? 'waiting' : 'sending' }, t(item.failed ? 'chat.waiting' : 'chat.sending')),
      item.failed ? button(t('chat.retry'), { class: 'button subtle small', onClick: retry }) : null));
}

/** The composer: text, up to four pictures (camera or file), send with the button or Enter (Shift+Enter: new line). */
function composer(controller, status) {
  const chosen = [];
  const attachments = h('div', { class: 'chat-attachments', id: 'chat-attachments' });
  const text = h('textarea', {
    id: 'chat-text', class: 'chat-text-input', rows: 2, maxlength: MAX_TEXT, 'aria-label': t('chat.message'),
    placeholder: t('chat.placeholder'), dataset: { transient: '' },
  });
  const sendButton = h('button', { type: 'submit', class: 'button primary', id: 'chat-send' }, t('chat.send'));
  const drawAttachments = () => {
    clear(attachments);
    attachments.append(...chosen.map((p, i) => h('span', { class: 'chat-attachment' },
      h('img', { src: pictureUrl(p.id, 'thumb'), alt: t('chat.picture'), width: 64, height: 64 }),
      button('\u00d7', { class: 'button subtle icon', 'aria-label': t('chat.removePicture'), onClick: () => { chosen.splice(i, 1); drawAttachments(); } }))));
  };
  const fileButton = (suffix, labelKey, capture) => {
    const id = `chat-picture-${suffix}`;
    const input = h('input', { type: 'file', id, accept: ACCEPTED, class: 'visually-hidden', capture });
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      input.value = '';
      if (!file) return;
      if (chosen.length >= MAX_PICTURES) return showStatus(status, t('chat.tooManyPictures'), 'error');
      if (file.size > MAX_BYTES) return showStatus(status, t('picker.tooLarge'), 'error');
      showStatus(status, t('picker.uploading'), 'info');
      try {
        const picture = await controller.addPicture(file);
        if (!picture) return showStatus(status, t('guard.cancelled'), 'info');
        chosen.push(picture);
        drawAttachments();
        showStatus(status, '');
      } catch (error) {
        showStatus(status, errorText(error), 'error');
      }
      return undefined;
    });
    return h('label', { class: 'button subtle upload-button', for: id }, t(labelKey), input);
  };
  const form = h('form', { class: 'chat-composer', id: 'chat-form', novalidate: true },
    attachments,
    h('div', { class: 'chat-compose-row' }, text, sendButton),
    h('div', { class: 'actions chat-picture-buttons' }, fileButton('camera', 'picker.takePhoto', 'environment'), fileButton('file', 'picker.chooseFile')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const words = text.value.trim();
    if (!words && !chosen.length) return showStatus(status, t('chat.empty'), 'error');
    showStatus(status, '');
    controller.sendMessage(words, chosen.splice(0));
    text.value = '';
    drawAttachments();
    text.focus();
    return undefined;
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  text.addEventListener('input', () => controller.typing());
  return form;
}

/**
 * The thread of conversation `id` for the signed-in person `meId`, live while `alive()`. Resolves with its element.
 */
export async function chatThread(id, { meId, alive, heading = 'h2' }) {
  const status = statusLine();
  status.id = 'chat-status';
  const list = h('ol', { class: 'chat-messages', id: 'chat-messages', role: 'log', 'aria-live': 'polite', 'aria-label': t('chat.messages') });
  const older = button(t('chat.older'), { id: 'chat-older', class: 'button subtle' });
  const typingLine = h('p', { class: 'chat-typing', id: 'chat-typing', 'aria-live': 'polite' });
  const closedLine = h('p', { class: 'notice notice-info', id: 'chat-closed', hidden: true }, t('chat.closed'));
  const scroller = h('div', { class: 'chat-scroll', id: 'chat-scroll' }, older, list);
  let controller = null;
  let form = null;
  let readOnly = null;

  const draw = (state) => {
    if (!form) return;
    const nearEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    older.hidden = !state.older;
    clear(list);
    list.append(...controller.items().map((m) => messageItem(controller, m, { meId, status })),
      ...state.pending.map((item) => pendingItem(item, () => controller.sendMessage(item.text, item.pictures))));
    const names = [...state.typing.keys()].map((userId) => controller.memberName(userId)).filter(Boolean);
    typingLine.textContent = names.length ? t('chat.typing', { name: names.join(', ') }) : '';
    closedLine.hidden = !state.closed;
    form.hidden = state.closed || !state.conversation.mayWrite;
    readOnly.hidden = state.closed || state.conversation.mayWrite;
    if (state.error) {
      showStatus(status, errorText(state.error), 'error');
      state.error = null;
    }
    if (nearEnd) scroller.scrollTop = scroller.scrollHeight;
  };
  controller = await openConversation(id, { meId, alive, onChange: (state) => draw(state) });
  form = composer(controller, status);
  readOnly = h('p', { class: 'hint', id: 'chat-read-only' }, t('chat.readOnly'));
  older.addEventListener('click', () => controller.loadOlder().catch((error) => showStatus(status, errorText(error), 'error')));
  const { conversation } = controller.state;
  const el = h('section', { class: 'chat-thread', id: 'chat-thread', 'aria-labelledby': 'chat-thread-title', dataset: { conversation: conversation.id } },
    h(heading, { id: 'chat-thread-title', class: 'chat-title' }, conversationName(conversation, meId)),
    h('p', { class: 'hint chat-members', id: 'chat-members' }, conversation.members.map((m) => m.name).join(', ')),
    scroller, typingLine, closedLine, readOnly, form, status);
  draw(controller.state);
  setTimeout(() => { scroller.scrollTop = scroller.scrollHeight; }, 0);
  return el;
}
