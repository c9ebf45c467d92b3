// The reply-grading engine: Python's rules package run by self-hosted Pyodide in a module worker.
// Loaded only by the modules that grade free text (practice desk, reply questions), and only when
// they ask: no other page fetches a byte of Pyodide. docs/practice.md has the whole story.

const root = new URL('../../', import.meta.url); // the site root (this file is assets/academy/)
const manifestUrl = new URL('academy/engine.json', root);

/** Why the engine cannot run: reason 'unavailable' (the build has no Pyodide) or 'failed'. */
export class EngineError extends Error {
  constructor(reason, detail = '') {
    super(`${reason}${detail ? ': ' + detail : ''}`);
    this.reason = reason;
    this.detail = detail;
  }
}

let engine = null; // Promise<{grade, timings}>
let state = 'idle'; // idle | loading | ready | unavailable | failed
const listeners = new Set();

function setState(s) {
  state = s;
  for (const fn of listeners) fn(s);
}

/** The current state; onState(fn) calls fn on every change and returns an unsubscribe function. */
export const engineState = () => state;
export function onState(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const withHash = (rel, sha) => {
  const url = new URL(rel, root);
  if (sha) url.searchParams.set('v', sha);
  return url.href;
};

function connect(worker) {
  let next = 0;
  const pending = new Map();
  const failAll = (error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.onmessage = ({ data }) => {
    const p = pending.get(data.id);
    if (!p) return;
    pending.delete(data.id);
    if (data.ok) p.resolve(data);
    else p.reject(new EngineError('failed', data.error));
  };
  worker.onerror = (e) => {
    e.preventDefault?.();
    failAll(new EngineError('failed', e.message || 'worker error'));
  };
  return (message) => new Promise((resolve, reject) => {
    const id = ++next;
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...message, id });
  });
}

let manifest = null; // Promise of engine.json

function readManifest() {
  if (manifest) return manifest;
  manifest = fetch(manifestUrl, { cache: 'no-cache' }).then(async (res) => {
    if (res.status === 404) throw new EngineError('unavailable', 'no engine.json');
    if (!res.ok) throw new EngineError('failed', String(res.status));
    const m = await res.json().catch(() => {
      throw new EngineError('unavailable', 'engine.json is not JSON');
    });
    if (!m.available || !m.pyodide || !m.rules) throw new EngineError('unavailable', m.reason || '');
    return m;
  }, (e) => {
    throw new EngineError('failed', String(e?.message || e));
  });
  manifest.catch((e) => {
    if (e.reason !== 'unavailable') manifest = null; // a network failure may be retried
  });
  return manifest;
}

/** Whether this build has the engine (reads engine.json only): true, or the EngineError's reason. */
export async function available() {
  try {
    await readManifest();
    return true;
  } catch (e) {
    return e.reason || 'failed';
  }
}

async function start() {
  const manifest = await readManifest();
  const worker = new Worker(new URL('./engine-worker.js', import.meta.url), { type: 'module' });
  const call = connect(worker);
  try {
    const loaded = await call({
      type: 'load',
      index: new URL(manifest.pyodide.index, root).href,
      wheel: withHash(manifest.rules.wheel, manifest.rules.sha256),
      wording: withHash(manifest.wording.url, manifest.wording.sha256),
    });
    return {
      timings: loaded.timings,
      /** → {score, passed, hits: [{rule, start, end, quote, replacement, reason, detail}], ms} */
      async grade(text, { require = [], max_chars = null } = {}) {
        const out = await call({ type: 'grade', text, require, max_chars });
        return { ...out.result, ms: out.ms };
      },
    };
  } catch (e) {
    worker.terminate();
    throw e;
  }
}

/** Start the engine (once); resolves to {grade(text, {require, max_chars}), timings}. */
export function loadEngine() {
  if (!engine) {
    setState('loading');
    engine = start().then(
      (e) => {
        setState('ready');
        return e;
      },
      (e) => {
        const err = e instanceof EngineError ? e : new EngineError('failed', String(e?.message || e));
        engine = err.reason === 'unavailable' ? engine : null; // a network failure may be retried
        setState(err.reason === 'unavailable' ? 'unavailable' : 'failed');
        throw err;
      },
    );
  }
  return engine;
}

/** Grade one text (loads the engine first if needed). */
export async function grade(text, rubric = {}) {
  return (await loadEngine()).grade(text, rubric);
}
