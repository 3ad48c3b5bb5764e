// Detects once which databases answer, so test files can build `describe.each` synchronously.
const { answers } = require('./answers');

module.exports = async () => {
  if (process.env.TEST_DATABASES_AVAILABLE) return;
  const wanted = (process.env.TEST_DATABASES || 'sqlite,postgres,mysql').split(',').map((s) => s.trim());
  const ports = { postgres: 5432, mysql: 3306 };
  const found = [];
  for (const client of wanted) {
    if (client === 'sqlite') found.push(client);
    else if (ports[client] && (await answers(ports[client]))) found.push(client);
    else console.warn(`\n[tests] ${client} does not answer on 127.0.0.1:${ports[client]}; its integration runs are skipped.`);
  }
  process.env.TEST_DATABASES_AVAILABLE = found.join(',');
  if (found.length > 1 && process.env.TEST_V1_ALL_DATABASES !== '1') {
    console.log(`\n[tests] the API V1 integration run uses SQLite only (V2 runs on ${found.join(', ')}); TEST_V1_ALL_DATABASES=1 runs V1 on all.`);
  }
};
