/**
 * Whether a build's output can be reused: `npm run dev` skips a build whose output files are all newer
 * than every file and folder it is built from. Folders count because deleting or renaming a source
 * changes only its folder's time.
 */
const fs = require('node:fs');
const path = require('node:path');

/** The most recently modified file or folder under `paths` (folders walked), or null when none exists. */
function newestUnder(paths) {
  let newest = null;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch (error) {
      if (error.code === 'ENOENT') return;
      throw error;
    }
    if (!newest || stat.mtimeMs > newest.mtimeMs) newest = { file, mtimeMs: stat.mtimeMs };
    if (stat.isDirectory()) for (const name of fs.readdirSync(file)) visit(path.join(file, name));
  };
  for (const p of paths) visit(p);
  return newest;
}

/**
 * `{ fresh: true }` when every output exists and is newer than every source; otherwise
 * `{ fresh: false, reason }`, the reason in words with paths relative to `root`.
 */
function buildFreshness({ root, sources, outputs }) {
  const rel = (file) => path.relative(root, file) || '.';
  let oldest = null;
  for (const output of outputs) {
    let stat;
    try {
      stat = fs.statSync(output);
    } catch (error) {
      if (error.code === 'ENOENT') return { fresh: false, reason: `${rel(output)} does not exist yet` };
      throw error;
    }
    if (!oldest || stat.mtimeMs < oldest.mtimeMs) oldest = { file: output, mtimeMs: stat.mtimeMs };
  }
  if (!oldest) return { fresh: false, reason: 'there is no output to reuse' };
  const newest = newestUnder(sources);
  // Equal times count as changed: on file systems that keep whole seconds, an edit may share the build's second.
  if (newest && newest.mtimeMs >= oldest.mtimeMs) return { fresh: false, reason: `${rel(newest.file)} changed since ${rel(oldest.file)} was built` };
  return { fresh: true };
}

/** The files a package.json's `main`, `types` and `exports` point into `dir` (below it: built output). */
function declaredOutputs(packageDir, dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const targets = new Set();
  const collect = (value) => {
    if (typeof value === 'string') targets.add(path.resolve(packageDir, value));
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect([manifest.main, manifest.types, manifest.exports]);
  const under = path.resolve(packageDir, dir) + path.sep;
  return [...targets].filter((file) => file.startsWith(under)).sort();
}

module.exports = { buildFreshness, declaredOutputs, newestUnder };
