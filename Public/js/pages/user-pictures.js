// A person's profile picture and own photos: seen only by them and their planners (policy 6.2).
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { getAll, put, del, seg } from '../api.js';
import { statusLine, showStatus, errorText } from '../forms.js';
import { card, button, actionButton } from '../ui.js';
import { pickPicture, thumbUrl, uploadButtons } from '../picker.js';

function avatarImage(user) {
  return user.avatar
    ? h('img', { src: user.avatar, alt: t('pictures.avatar'), class: 'avatar', id: 'user-avatar' })
    : h('span', { class: 'avatar avatar-empty', id: 'user-avatar', role: 'img', 'aria-label': t('pictures.noAvatar') },
      (user.name || '?').slice(0, 1).toUpperCase());
}

export function picturesCard({ user, canManage }) {
  const status = statusLine();
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

  return card(t('pictures.title'),
    h('p', { class: 'hint' }, t('pictures.lead', { name: user.name })),
    h('div', { class: 'avatar-row' }, avatar,
      canManage ? h('div', { class: 'actions' }, chooseAvatar, removeAvatar) : null),
    canManage ? uploadButtons({ user, status, idPrefix: 'photo-upload', onUploaded: (p) => grid.prepend(photo(p)) }) : null,
    status,
    grid);
}

