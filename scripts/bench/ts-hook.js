'use strict';
/**
 * Lets plain Node load the plugin's TypeScript sources (as jest does with @swc/jest), so the benchmark
 * measures the code in the tree and never a stale or half-rebuilt dist/.
 */
const fs = require('node:fs');
const swc = require('@swc/core');

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
