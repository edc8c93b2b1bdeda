// A person's profile picture and own photos: seen only by them and their planners (policy 6.2).
import { h, clear } from '../../dom.js';
import { t, getLocale } from '../../i18n.js';
import { getAll, put, del, seg } from '../../api.js';
import { field, handleSubmit, statusLine, showStatus, errorText } from '../../forms.js';
import { card, button, actionButton, submitButton } from '../../ui.js';
import { pickPicture, thumbUrl, uploadButtons } from '../../picker.js';

function avatarImage(user) {
  return user.avatar
    ? h('img', { src: user.avatar, alt: t('pictures.avatar'), class: 'avatar', id: 'user-avatar' })
    : h('span', { class: 'avatar avatar-empty', id: 'user-avatar', role: 'img', 'aria-label': t('pictures.noAvatar') },
      (user.name || '?').slice(0, 1).toUpperCase());
}

/** The profile picture, with buttons to choose it (a photo or a pictogram) and to remove it. */
function avatarControls(user, status) {
  let avatar = avatarImage(user);
  let removeAvatar = null;
  const setAvatar = (saved) => {
    const fresh = avatarImage(saved);
    avatar.replaceWith(fresh);
    avatar = fresh;
    removeAvatar.hidden = !saved.avatar;
  };
  const chooseAvatar = button(t('pictures.chooseAvatar'), {
    id: 'avatar-choose',
    onClick: async () => {
      const choice = await pickPicture({ user });
      if (!choice) return;
      try {
        const body = choice.kind === 'picture' ? { pictureId: choice.id } : { pictogramId: choice.id };
        setAvatar(await put(`/users/${seg(user.id)}/avatar`, body));
        showStatus(status, t('pictures.avatarSaved'), 'success');
      } catch (error) {
        showStatus(status, errorText(error), 'error');
      }
    },
  });
  removeAvatar = actionButton(t('pictures.removeAvatar'), {
    status,
    props: { id: 'avatar-remove' },
    action: async () => {
      await del(`/users/${seg(user.id)}/avatar`);
      setAvatar({ ...user, avatar: null });
    },
  });
  removeAvatar.hidden = !user.avatar;
  return { avatar, chooseAvatar, removeAvatar };
}

/** The person's photos, newest first; `photo(picture)` makes one more. */
function photoGrid({ user, canManage, status }) {
  const grid = h('div', { class: 'picture-grid', id: 'user-photos', role: 'list' });
  const photo = (picture) => {
    const item = h('div', { class: 'photo', role: 'listitem', id: `photo-${picture.id}` },
      h('img', { src: thumbUrl(picture), alt: t('picker.photo'), loading: 'lazy', class: 'photo-thumb' }));
    if (canManage) {
      item.append(actionButton(t('pictures.delete'), {
        confirmText: t('pictures.deleteConfirm'), status, props: { class: 'button subtle' },
        action: async () => {
          await del(`/pictures/${seg(picture.id)}`);
          item.remove();
          showStatus(status, t('pictures.deleted'), 'success');
        },
      }));
    }
    return item;
  };
  getAll(`/users/${seg(user.id)}/pictures`).then((pictures) => {
    clear(grid);
    grid.append(...pictures.reverse().map(photo));
  }, (error) => showStatus(status, errorText(error), 'error'));
  return { grid, photo };
}

export function picturesCard({ user, canManage }) {
  const status = statusLine();
  const { avatar, chooseAvatar, removeAvatar } = avatarControls(user, status);
  const { grid, photo } = photoGrid({ user, canManage, status });
  return card(t('pictures.title'),
    h('p', { class: 'hint' }, t('pictures.lead', { name: user.name })),
    h('div', { class: 'avatar-row' }, avatar,
      canManage ? h('div', { class: 'actions' }, chooseAvatar, removeAvatar) : null),
    canManage ? uploadButtons({ user, status, idPrefix: 'photo-upload', onUploaded: (p) => grid.prepend(photo(p)) }) : null,
    status,
    grid,
    ownNames({ user, canManage }));
}

function ownNameRow(item, { user, canManage, status }) {
  const li = h('li', { class: 'row own-name', id: `own-name-${item.id}` },
    h('img', { src: item.image, alt: '', class: 'row-picture' }),
    h('span', { class: 'row-title' }, item.name),
    h('span', { class: 'hint' }, item.originalName));
  if (canManage) {
    li.append(actionButton(t('ownNames.remove'), {
      status, props: { class: 'button subtle' },
      action: async () => {
        await del(`/users/${seg(user.id)}/pictograms/${seg(item.id)}/name`);
        li.remove();
      },
    }));
  }
  return li;
}

/** Choose a pictogram, then give it the person's own name; `place(saved)` shows the saved name in the list. */
function ownNameEditor({ user, status, place }) {
  const editor = h('div', { id: 'own-name-editor' });
  const choose = button(t('ownNames.choose'), {
    id: 'own-name-choose',
    onClick: async () => {
      const choice = await pickPicture({ user, pictogramsOnly: true });
      if (!choice) return;
      const name = field({
        id: 'own-name-input', label: t('ownNames.name'), value: choice.name,
        attrs: { required: true, maxlength: 100, autocomplete: 'off' },
      });
      const form = h('form', { class: 'stack inline-form', id: 'own-name-form' },
        h('img', { src: choice.image, alt: '', class: 'row-picture' }), name.wrap,
        submitButton(t('ownNames.save'), 'own-name-submit'));
      handleSubmit(form, {
        fields: { name: name.input },
        status,
        submit: async () => {
          const saved = await put(`/users/${seg(user.id)}/pictograms/${seg(choice.id)}/name?lang=${getLocale()}`,
            { name: name.input.value.trim() });
          place(saved);
          clear(editor);
          showStatus(status, t('ownNames.saved'), 'success');
        },
      });
      clear(editor);
      editor.append(form);
      name.input.focus();
      name.input.select();
    },
  });
  return [choose, editor];
}

/** The names the person knows pictograms by ("Bobby" for the dog): shown and found instead of the archive's. */
function ownNames({ user, canManage }) {
  const status = statusLine();
  const rows = h('ul', { class: 'rows', id: 'own-names' });
  const row = (item) => ownNameRow(item, { user, canManage, status });
  const place = (item) => {
    document.getElementById(`own-name-${item.id}`)?.remove();
    rows.prepend(row(item));
  };
  getAll(`/users/${seg(user.id)}/pictogram-names?lang=${getLocale()}`).then((items) => {
    clear(rows);
    rows.append(...items.map(row));
  }, (error) => showStatus(status, errorText(error), 'error'));

  const parts = [h('h3', {}, t('ownNames.title')), h('p', { class: 'hint' }, t('ownNames.lead', { name: user.name }))];
  if (canManage) parts.push(...ownNameEditor({ user, status, place }));
  return h('section', { class: 'stack own-names' }, ...parts, status, rows);
}
