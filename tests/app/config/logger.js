const { winston, formats: { prettyPrint, levelFilter } } = require('@strapi/logger');

// LOG_LEVEL=warn in tests keeps the output to what matters; `npm run dev` shows info.
const level = process.env.LOG_LEVEL || 'info';
module.exports = {
  transports: [new winston.transports.Console({ level, format: winston.format.combine(levelFilter(level), prettyPrint({ timestamps: 'YYYY-MM-DD hh:mm:ss.SSS' })) })],
};
