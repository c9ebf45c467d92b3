// Script manual pages: a copy button beside every line an agent may paste into a chat.
import { t } from './i18n.js';

export function mountCopyButtons(stage) {
  for (const line of stage.querySelectorAll('.academy-line[data-copy]')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'academy-copy';
    button.textContent = t('manual.copy');
    button.setAttribute('aria-label', t('manual.copyName', { text: line.dataset.copy }));
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(line.dataset.copy);
        button.textContent = t('manual.copied');
      } catch {
        button.textContent = t('manual.copyFailed');
      }
      setTimeout(() => { button.textContent = t('manual.copy'); }, 2000);
    });
    line.after(button);
  }
}
