'use strict';

// Only meaningful inside jest, whose module loader compiles .ts on require.
module.exports = require('../../../server/src/index.ts');
