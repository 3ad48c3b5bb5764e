#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: prints benchmark figures (no assertions): upload streaming (scripts/bench/upload.js),
 * then launches on API V2 beside V1 (scripts/bench/launch.js). BENCH_ONLY=upload or BENCH_ONLY=launch runs one.
 */
const only = process.env.BENCH_ONLY;
(async () => {
  if (!only || only === 'upload') await require('./bench/upload').main();
  if (!only || only === 'launch') await require('./bench/launch').main();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
