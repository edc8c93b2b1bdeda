// A modal dialog with a heading and a close button, for the plan's editor and details. Resolves with the value given
// to `finish`, or null when closed (the close button, Escape).
import { h } from './dom.js';
import { t } from './i18n.js';
import { button } from './ui.js';

/** `build({ finish, dialog })` returns the dialog's content. */
export function openDialog({ id, title, className = '' }, build) {
  document.getElementById(id)?.close();
  return new Promise((resolve) => {
    let result = null;
    const dialog = h('dialog', { class: ['dialog', className], id, 'aria-labelledby': `${id}-title` });
    const finish = (value) => {
      result = value;
      dialog.close();
    };
    // Going to another page (the browser's back button) closes it: it belongs to the page it was opened on.
    const leave = () => dialog.close();
    window.addEventListener('hashchange', leave);
    dialog.addEventListener('close', () => {
      window.removeEventListener('hashchange', leave);
      dialog.remove();
      resolve(result);
    });
    dialog.append(
      h('div', { class: 'dialog-head' },
        h('h2', { id: `${id}-title` }, title),
        button(t('common.close'), { id: `${id}-close`, class: 'button subtle', onClick: () => dialog.close() })),
      ...[build({ finish, dialog })].flat().filter(Boolean));
    document.body.append(dialog);
    dialog.showModal();
  });
}
