// Module worker (started by engine.js): runs Pyodide off the page's main thread, so countdowns and
// typing stay smooth while Python starts, and grades replies with the rules package
// (tools/rules, the same code the build's content checks run). Messages: docs/practice.md.

// Plain data in and out: JSON strings cross the JavaScript/Python boundary.
const GRADER = `
import json
from rules import Ruleset, check

_ruleset = Ruleset.from_dict(json.loads(WORDING))

def grade(text, require, max_chars):
    result = check(text, _ruleset, require=json.loads(require), max_chars=max_chars)
    return json.dumps(result.to_dict(), ensure_ascii=False)
`;

let grader = null; // Promise of the Python grade() function

async function bytes(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status} ${url}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function start({ index, wheel, wording }) {
  const t0 = performance.now();
  const [{ loadPyodide }, wheelBytes, rules] = await Promise.all([
    import(new URL('pyodide.mjs', index).href),
    bytes(wheel),
    fetch(wording).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${r.status} ${wording}`)))),
  ]);
  const py = await loadPyodide({ indexURL: index });
  const t1 = performance.now();
  const site = py.runPython('import sysconfig; sysconfig.get_path("purelib")');
  py.unpackArchive(wheelBytes, 'wheel', { extractDir: site });
  const ns = py.globals.get('dict')();
  ns.set('WORDING', rules);
  py.runPython('import importlib; importlib.invalidate_caches()');
  py.runPython(GRADER, { globals: ns });
  const grade = ns.get('grade');
  const t2 = performance.now();
  return { grade, timings: { pyodide: t1 - t0, rules: t2 - t1 } };
}

self.onmessage = async ({ data }) => {
  const { id, type } = data;
  try {
    if (type === 'load') {
      grader ??= start(data);
      const { timings } = await grader;
      self.postMessage({ id, ok: true, timings });
    } else if (type === 'grade') {
      if (!grader) throw new Error('not loaded');
      const { grade } = await grader;
      const t0 = performance.now();
      const out = grade(String(data.text), JSON.stringify(data.require || []), data.max_chars ?? null);
      self.postMessage({ id, ok: true, result: JSON.parse(out), ms: performance.now() - t0 });
    } else {
      throw new Error(`unknown message ${type}`);
    }
  } catch (e) {
    if (type === 'load') grader = null; // let the page try again
    self.postMessage({ id, ok: false, error: String(e?.message || e) });
  }
};
