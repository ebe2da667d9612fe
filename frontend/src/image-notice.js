// The playground's word on images it does not know (the server's `image.unknown` frame,
// PROTOCOL.md). The terminal keeps kubectl's own output — ErrImagePull, ImagePullBackOff, as a
// real cluster shows them — and this notice beside it says why, in the page's language.

import { t } from './messages.js';

/** Show a dismissable notice after `termEl` whenever a command used unknown images. */
export function watchImageNotices(conn, termEl, lang) {
  const box = document.createElement('div');
  box.className = 'image-notice';
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  box.hidden = true;
  const text = document.createElement('span');
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'image-notice-close';
  close.textContent = '×';
  close.setAttribute('aria-label', t(lang, 'dismissNotice'));
  box.append(text, close);
  termEl.after(box);

  const shown = [];
  close.addEventListener('click', () => {
    box.hidden = true;
    shown.length = 0;
  });
  conn.on('frame', (frame) => {
    if (frame.type !== 'image.unknown' || !Array.isArray(frame.images)) return;
    for (const image of frame.images) {
      if (typeof image === 'string' && !shown.includes(image)) shown.push(image);
    }
    if (!shown.length) return;
    text.textContent = t(lang, 'image_unknown', { images: shown.join(', ') });
    box.hidden = false;
  });
  return box;
}
