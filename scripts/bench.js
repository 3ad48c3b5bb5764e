#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: prints benchmark figures (no assertions): upload streaming (scripts/bench/upload.js),
 * launches on API V2 beside V1 (scripts/bench/launch.js), then postback ingestion, launches beside
 * `GET /api/users/me` and the admin list at 1 000 and 100 000 registrations (scripts/bench/content-api.js).
 * BENCH_ONLY=upload, launch or content-api runs one.
 */
const only = process.env.BENCH_ONLY;
(async () => {
  if (!only || only === 'upload') await require('./bench/upload').main();
  if (!only || only === 'launch') await require('./bench/launch').main();
  if (!only || only === 'content-api') await require('./bench/content-api').main();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
