// Feedback on a graded reply (the rule engine's result, docs/rules.md): the typed text with the
// offending spans in <mark>, one Chinese line per hit with the suggested wording, and the sample.
// segments() and hitText() are pure (tested under node); renderFeedback() builds the DOM.
import { h } from './dom.js';
import { engineState, onState } from './engine.js';
import { t } from './i18n.js';

/** Load practice.css once: the styles of replies, the desk and dialogues stay off other pages. */
export function useStyles() {
  if (document.querySelector('link[data-academy-practice]')) return;
  document.head.append(h('link', {
    rel: 'stylesheet', href: new URL('./practice.css', import.meta.url).href, 'data-academy-practice': true,
  }));
}

const ENGINE_NOTES = {
  loading: () => t('engine.loading'),
  ready: () => t('engine.ready'),
  unavailable: () => t('engine.unavailable'),
  failed: () => t('engine.failed'),
};

/** Keep el (a role=status region) telling the engine's state: loading, ready, unavailable… */
export function engineNote(el) {
  const show = (s) => {
    el.textContent = ENGINE_NOTES[s]?.() ?? '';
    el.dataset.state = s;
  };
  show(engineState());
  return onState(show);
}

// The engine counts offsets in code points (Python str); JavaScript strings count UTF-16 units.
const chars = (s) => Array.from(String(s ?? ''));

/** Where each hit applies: [[start, end, hit index]], in code points, empty spans left out.
 *  jargon-ratio hits mark each term they found (detail.spans). */
function spansOf(hits) {
  const out = [];
  hits.forEach((hit, i) => {
    if (hit.rule === 'jargon-ratio') {
      for (const [s, e] of hit.detail?.spans || []) if (e > s) out.push([s, e, i]);
    } else if (hit.end > hit.start) {
      out.push([hit.start, hit.end, i]);
    }
  });
  return out;
}

/** The text cut where marks begin and end: [{text, hits: [indexes of the hits covering it]}]. */
export function segments(text, hits = []) {
  const cs = chars(text);
  const spans = spansOf(hits).map(([s, e, i]) => [Math.max(0, s), Math.min(cs.length, e), i])
    .filter(([s, e]) => e > s);
  const cuts = [...new Set([0, cs.length, ...spans.flatMap(([s, e]) => [s, e])])].sort((a, b) => a - b);
  const out = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [a, b] = [cuts[k], cuts[k + 1]];
    const covering = spans.filter(([s, e]) => s <= a && b <= e).map(([, , i]) => i);
    out.push({ text: cs.slice(a, b).join(''), hits: [...new Set(covering)] });
  }
  return out;
}

const percent = (x) => Math.round(Number(x) * 1000) / 10;

/** One line of advice for a hit, in the current language. */
export function hitText(hit) {
  const d = hit.detail || {};
  switch (hit.rule) {
    case 'forbidden-phrase': {
      const main = hit.replacement
        ? t('reply.forbidden', { quote: hit.quote, replacement: hit.replacement })
        : t('reply.forbiddenBare', { quote: hit.quote });
      return hit.reason ? main + t('reply.reason', { reason: hit.reason }) : main;
    }
    case 'missing-element':
      return t('reply.missing', {
        alternatives: (d.alternatives || []).map((text) => t('reply.alt', { text })).join(t('reply.or')),
      });
    case 'vague-word':
      return t('reply.vague', { quote: hit.quote });
    case 'long-sentence':
      return t('reply.longSentence', { chars: d.chars, limit: d.limit });
    case 'too-long':
      return t('reply.tooLong', { chars: d.chars, limit: d.limit });
    case 'jargon-ratio':
      return t('reply.jargon', {
        ratio: percent(d.ratio), limit: percent(d.limit), terms: (d.terms || []).join(t('reply.termSep')),
      });
    default:
      return t('reply.other', { rule: hit.rule });
  }
}

const RULE_NAMES = {
  'forbidden-phrase': () => t('reply.rule.forbidden'),
  'vague-word': () => t('reply.rule.vague'),
  'long-sentence': () => t('reply.rule.longSentence'),
  'too-long': () => t('reply.rule.tooLong'),
  'jargon-ratio': () => t('reply.rule.jargon'),
};
const ruleName = (rule) => (RULE_NAMES[rule] || (() => rule))();

/** The result block: verdict and score, the marked text, advice per hit, the sample answer.
 *  result = {score, passed, hits}; opts.sample: the model answer; opts.heading: a lead line. */
export function renderFeedback(text, result, { sample = null, heading = null } = {}) {
  const hits = result.hits || [];
  const marked = h('p', { class: 'academy-reply-marked' }, segments(text, hits).map((seg) => {
    if (!seg.hits.length) return seg.text;
    const rules = [...new Set(seg.hits.map((i) => hits[i].rule))];
    return h('mark', { class: rules.map((r) => `is-${r}`).join(' '), title: rules.map(ruleName).join(t('reply.termSep')) },
      seg.text);
  }));
  return h('div', { class: 'academy-reply-result ' + (result.passed ? 'is-right' : 'is-wrong') },
    heading && h('p', {}, h('strong', {}, heading)),
    chars(text).length > 0 && [h('p', { class: 'academy-reply-label' }, t(hits.some((x) => x.end > x.start
      || x.rule === 'jargon-ratio') ? 'reply.marked' : 'reply.yours')), marked],
    hits.length
      ? h('ul', { class: 'academy-reply-hits' }, hits.map((hit) => h('li', { class: `is-${hit.rule}` }, hitText(hit))))
      : h('p', {}, t('reply.clean')),
    sample && h('p', { class: 'academy-reply-sample' }, t('reply.sample', { text: sample })));
}
