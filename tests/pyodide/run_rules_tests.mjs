// Runs the wording engine's own test suite (tests/rules, the same files pytest runs under CPython)
// inside Pyodide under node: the engine must behave the same where learners' replies are graded.
//
//   node tests/pyodide/run_rules_tests.mjs [--wheels DIR] [pytest args...]
//
// Pyodide comes from tools/pyodide/node_modules (npm ci --prefix tools/pyodide). The wheels (rules,
// pytest and its dependencies) are made offline by tests/pyodide/make_wheels.py from this Python
// environment; without --wheels the script runs it into a temporary folder (python3, or $PYTHON).
// No network: nothing is installed with micropip or loadPackage. Exits with pytest's exit code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pyodideDir = join(root, 'tools', 'pyodide', 'node_modules', 'pyodide');

const args = process.argv.slice(2);
let wheels = null;
const at = args.indexOf('--wheels');
if (at >= 0) [, wheels] = args.splice(at, 2);
let scratch = null;
if (!wheels) {
  scratch = mkdtempSync(join(tmpdir(), 'academy-pyodide-'));
  wheels = scratch;
  execFileSync(process.env.PYTHON || 'python3', [join(root, 'tests', 'pyodide', 'make_wheels.py'), wheels],
    { stdio: ['ignore', 'ignore', 'inherit'] });
}

const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href);
const started = performance.now();
const py = await loadPyodide({ indexURL: pyodideDir + '/' });
const site = py.runPython('import sysconfig; sysconfig.get_path("purelib")');
for (const name of readdirSync(wheels).filter((n) => n.endsWith('.whl')).sort()) {
  py.unpackArchive(new Uint8Array(readFileSync(join(wheels, name))), 'wheel', { extractDir: site });
}

// The test files, copied as they are into the same layout (tests/ and tests/rules/ are packages).
const files = ['tests/__init__.py', ...readdirSync(join(root, 'tests', 'rules'))
  .filter((n) => n.endsWith('.py')).map((n) => `tests/rules/${n}`)];
py.FS.mkdirTree('/suite/tests/rules');
for (const rel of files) py.FS.writeFile(`/suite/${rel}`, readFileSync(join(root, rel)));

py.globals.set('PYTEST_ARGS', py.toPy(args));
const code = py.runPython(`
import os, sys, importlib
importlib.invalidate_caches()
os.chdir("/suite")
import pytest, rules
print(f"Python {sys.version.split()[0]} in Pyodide {sys.platform}; rules {rules.__version__}; pytest {pytest.__version__}")
# fd-level capture needs os.fstat on temporary files, which Pyodide's file system lacks
int(pytest.main(["-q", "-p", "no:cacheprovider", "--capture=sys", "tests/rules", *PYTEST_ARGS]))
`);
console.log(`(${files.filter((f) => /\/test_[^/]*\.py$/.test(f)).length} test files from ${relative(process.cwd(), join(root, 'tests', 'rules')) || '.'}, `
  + `${((performance.now() - started) / 1000).toFixed(1)} s in Pyodide)`);
if (scratch) rmSync(scratch, { recursive: true, force: true });
process.exit(code);
