const {
  winston,
  formats: { prettyPrint },
} = require('@strapi/logger');

// LOG_LEVEL=warn in tests keeps the output to what matters; `npm run dev` shows info. The transport's
// level keeps that level and everything more severe (levelFilter would keep that level alone and drop
// every warning and error).
const level = process.env.LOG_LEVEL || 'info';
module.exports = {
  transports: [new winston.transports.Console({ level, format: prettyPrint({ timestamps: 'YYYY-MM-DD hh:mm:ss.SSS' }) })],
};
