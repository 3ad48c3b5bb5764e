'use strict';
/**
 * The reference pass-through of the upload benchmark: a plain Node HTTP server, no Strapi, running the
 * plugin's own pipeline (busboy with the route's buffer sizes → PackageGate → CloudClient
 * .importCourseAsync). Its throughput is what Node itself allows on this machine; the gap between it
 * and the Strapi route is Strapi's own overhead. Tells the parent its port over IPC.
 */
const http = require('node:http');
const path = require('node:path');
const Busboy = require('busboy');

const root = path.resolve(__dirname, '..', '..');
const { CloudClient } = require(path.join(root, 'server', 'src', 'cloud', 'index.ts'));
const { PackageGate, STREAM_HWM } = require(path.join(root, 'server', 'src', 'courses', 'upload.ts'));

const client = new CloudClient(JSON.parse(process.env.BENCH_CLOUD));
let uploads = 0;

const server = http.createServer((req, res) => {
  const answer = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const bb = Busboy({ headers: req.headers, highWaterMark: STREAM_HWM, fileHwm: STREAM_HWM, limits: { files: 1 } });
  bb.on('file', (_name, file, info) => {
    const gate = new PackageGate(Number.MAX_SAFE_INTEGER);
    file.on('error', (error) => gate.destroy(error));
    file.pipe(gate);
    gate.verified
      .then(() => client.importCourseAsync(`bare-${uploads++}`, gate, { filename: info.filename }))
      .then(({ token }) => answer(202, { token, packageBytes: gate.bytes }), (error) => answer(500, { error: String(error) }));
  });
  req.pipe(bb);
});

server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (msg) => msg === 'stop' && process.exit(0));
