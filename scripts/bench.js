#!/usr/bin/env node
'use strict';
/** `npm run bench`: prints benchmark figures (no assertions). Today: upload streaming (scripts/bench/upload.js). */
require('./bench/upload')
  .main()
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
