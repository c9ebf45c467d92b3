// 结业证书 (<div class="academy-certificate">): unlocked by passing the certificate bank
// (academy.yml game.certificate); the learner types a name and prints it on one A4 page.
import { t } from './i18n.js';
import { h, say, uid } from './dom.js';
import { loadCourse, notice, settle } from './game.js';
import { localDay } from './rules.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base 32: no I, L, O, U

function fnv1a(bytes, seed) {
  let x = seed >>> 0;
  for (const b of bytes) x = Math.imul(x ^ b, 0x01000193) >>> 0;
  return x;
}

/** The verification code: 50 bits of two FNV-1a hashes of site|name|date|score, as XXXXX-XXXXX. */
export function verifyCode({ name, date, score, site }) {
  const bytes = new TextEncoder().encode([site, String(name).trim(), date, score].join('|'));
  const a = fnv1a(bytes, 0x811c9dc5);
  const b = fnv1a(bytes, 0x9e3779b9 ^ a);
  let n = (BigInt(a) << 32n) | BigInt(b);
  let s = '';
  for (let i = 0; i < 10; i++) {
    s = ALPHABET[Number(n & 31n)] + s;
    n >>= 5n;
  }
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** 2026-11-26 → 2026 年 11 月 26 日 */
export const longDate = (d) => {
  const [y, m, dd] = d.split('-').map(Number);
  return t('cert.longDate', { y, m, d: dd });
};

export async function mountCertificate(div, ctx) {
  const { store } = ctx;
  const course = await loadCourse(ctx.gameUrl);
  const game = course.game || {};
  const cert = game.certificate;
  const bank = course.banks.find((b) => b.id === cert?.bank);
  if (!cert || !bank) {
    div.replaceChildren(h('p', {}, t('cert.none')));
    return;
  }
  await notice(settle(store, course, game, new Date()), ctx);
  const doc = store.get();
  const b = doc.banks?.[bank.id];
  const examUrl = new URL(bank.url, ctx.siteRoot).href;
  if (!b?.passed) {
    div.replaceChildren(h('div', { class: 'academy-cert-locked' },
      h('p', { class: 'academy-summary' }, t('cert.locked', { bank: bank.title, pass: bank.pass_score })),
      b?.best != null ? h('p', {}, t('cert.best', { best: b.best })) : '',
      h('p', {}, h('a', { class: 'md-button md-button--primary', href: examUrl }, t('cert.go')))));
    return;
  }
  const passedAt = doc.events?.find((e) => e.key === `pass:${bank.id}`)?.at || b.last_at;
  const date = localDay(new Date(passedAt));
  const levels = game.levels || [];
  const level = levels.find((l) => l.id === doc.level?.id) || levels[0];
  const score = b.best;
  const site = course.site_id;

  const nameId = uid('cert');
  const input = h('input', { id: nameId, type: 'text', maxlength: '40', autocomplete: 'name', value: doc.profile?.name || '' });
  const print = h('button', { type: 'button', class: 'md-button md-button--primary', onclick: () => window.print() }, t('cert.print'));
  const who = h('p', { class: 'academy-cert-name' });
  const code = h('span', {});
  const live = h('p', { class: 'academy-sr', role: 'status' });
  const paper = h('article', { class: 'academy-cert', 'aria-label': cert.title },
    h('p', { class: 'academy-cert-issuer' }, cert.issuer),
    h('h2', { class: 'academy-cert-title' }, cert.title),
    h('p', {}, t('cert.certify')),
    who,
    h('p', { class: 'academy-cert-body' }, t('cert.body', { bank: bank.title, score })),
    h('p', { class: 'academy-cert-level' }, t('cert.level', { level: level?.title || '' })),
    h('dl', { class: 'academy-cert-facts' },
      h('dt', {}, t('cert.dateLabel')), h('dd', {}, longDate(date)),
      h('dt', {}, t('cert.codeLabel')), h('dd', {}, code),
      h('dt', {}, t('cert.siteLabel')), h('dd', {}, site)));

  function show() {
    const name = input.value.trim();
    who.textContent = name || t('cert.noName');
    code.textContent = name ? verifyCode({ name, date, score, site }) : '—';
    print.disabled = !name;
  }
  input.addEventListener('input', () => {
    show();
    store.setName(input.value.trim());
  });
  input.addEventListener('change', () => say(live, t('cert.updated')));
  show();

  div.replaceChildren(
    h('div', { class: 'academy-cert-form' },
      h('p', { class: 'academy-summary' }, t('cert.unlocked', { score })),
      h('label', { for: nameId }, t('cert.name')), input,
      h('p', {}, print, h('span', { class: 'academy-hint' }, t('cert.printHint')))),
    paper, live, verifier(site));
}

// 核验证书: recompute the code from what a certificate shows.
function verifier(site) {
  const field = (key, attrs = {}) => {
    const id = uid('verify');
    const input = h('input', { id, type: 'text', ...attrs });
    return [input, h('p', {}, h('label', { for: id }, t(key)), input)];
  };
  const [name, nameRow] = field('cert.vName');
  const [date, dateRow] = field('cert.vDate', { placeholder: '2026-11-26' });
  const [score, scoreRow] = field('cert.vScore', { inputmode: 'numeric' });
  const [code, codeRow] = field('cert.vCode', { placeholder: 'XXXXX-XXXXX' });
  const out = h('p', { class: 'academy-result', role: 'status' });
  const check = () => {
    const want = verifyCode({ name: name.value, date: date.value.trim(), score: Number(score.value), site });
    const ok = want === code.value.trim().toUpperCase();
    out.className = 'academy-result ' + (ok ? 'is-right' : 'is-wrong');
    out.textContent = t(ok ? 'cert.valid' : 'cert.invalid');
  };
  return h('details', { class: 'academy-cert-verify' }, h('summary', {}, t('cert.verify')),
    h('p', { class: 'academy-hint' }, t('cert.verifyHint')), nameRow, dateRow, scoreRow, codeRow,
    h('button', { type: 'button', class: 'md-button', onclick: check }, t('cert.check')), out);
}
