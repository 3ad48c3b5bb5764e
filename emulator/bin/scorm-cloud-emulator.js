#!/usr/bin/env node
'use strict';

// `npx scorm-cloud-emulator --port 8089 --app-id APP --secret-key SECRET --data-dir DIR`
const { runCli } = require('../dist');

runCli(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
