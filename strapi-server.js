'use strict';

// Fallback entry for Strapi versions that do not read package.json exports.
module.exports = require('./dist/server');
