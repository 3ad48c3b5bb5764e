/**
 * When `npm run dev` reuses a build: only when every output exists and is newer than every source, a
 * deleted or renamed source (its folder's time) included. Times are set by hand, so nothing waits.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { buildFreshness, declaredOutputs } = require('../../../scripts/build-freshness.js');

let root: string;
const at = (file: string, seconds: number) => utimesSync(join(root, file), seconds, seconds);
const write = (file: string, seconds: number) => {
  writeFileSync(join(root, file), '');
  at(file, seconds);
};
const freshness = () =>
  buildFreshness({ root, sources: ['src', 'package.json'].map((p) => join(root, p)), outputs: [join(root, 'dist/index.js'), join(root, 'dist/index.d.ts')] });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'build-freshness-'));
  mkdirSync(join(root, 'src', 'nested'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  write('src/index.ts', 1000);
  write('src/nested/deep.ts', 1000);
  write('package.json', 1000);
  at('src/nested', 1000);
  at('src', 1000);
  write('dist/index.js', 2000);
  write('dist/index.d.ts', 2000);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('build freshness', () => {
  it('is fresh when every output is newer than every source', () => {
    expect(freshness()).toEqual({ fresh: true });
  });

  it('is stale when a source deep in a folder is newer than the oldest output, and names it', () => {
    at('dist/index.d.ts', 1500);
    at('src/nested/deep.ts', 1600);
    expect(freshness()).toEqual({ fresh: false, reason: `${join('src', 'nested', 'deep.ts')} changed since ${join('dist', 'index.d.ts')} was built` });
  });

  it('is stale when a top-level source file such as package.json changed', () => {
    at('package.json', 3000);
    expect(freshness()).toMatchObject({ fresh: false, reason: expect.stringMatching(/^package\.json changed/) });
  });

  it('is stale when a source was deleted (its folder changed)', () => {
    rmSync(join(root, 'src/nested/deep.ts'));
    at('src/nested', 3000);
    expect(freshness()).toMatchObject({ fresh: false, reason: expect.stringMatching(/^src.nested changed/) });
  });

  it('counts a source as changed when it has the same time as the output', () => {
    at('src/index.ts', 2000);
    expect(freshness().fresh).toBe(false);
  });

  it('is stale when an output is missing', () => {
    rmSync(join(root, 'dist/index.d.ts'));
    expect(freshness()).toEqual({ fresh: false, reason: `${join('dist', 'index.d.ts')} does not exist yet` });
  });

  it('ignores sources that do not exist', () => {
    expect(buildFreshness({ root, sources: [join(root, 'src'), join(root, 'no-such-file')], outputs: [join(root, 'dist/index.js')] })).toEqual({ fresh: true });
  });
});

describe('declared outputs', () => {
  it("are the files a package.json's main, types and exports point into the build folder", () => {
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({
        main: './dist/index.js',
        types: './dist/index.d.ts',
        exports: { '.': { source: './src/index.ts', require: './dist/index.js', import: './dist/index.mjs' }, './package.json': './package.json' },
      }),
    );
    expect(declaredOutputs(root, 'dist')).toEqual(['index.d.ts', 'index.js', 'index.mjs'].map((f) => join(root, 'dist', f)));
  });

  it("of this repository's plugin and emulator are the entry files of their builds", () => {
    const repo = join(__dirname, '..', '..', '..');
    expect(declaredOutputs(repo, 'dist')).toEqual(expect.arrayContaining([join(repo, 'dist', 'server', 'index.js'), join(repo, 'dist', 'admin', 'index.mjs')]));
    expect(declaredOutputs(join(repo, 'emulator'), 'dist')).toEqual([join(repo, 'emulator', 'dist', 'index.d.ts'), join(repo, 'emulator', 'dist', 'index.js')]);
  });
});
