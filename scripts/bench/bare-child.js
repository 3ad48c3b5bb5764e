'use strict';
/**
 * The reference pass-throughs of the upload benchmark, in a plain Node HTTP server without Strapi:
 * - `POST /` runs the plugin's own pipeline (busboy with the route's buffer sizes → PackageGate →
 *   CloudClient.importCourseAsync). The gap between it and the Strapi route is Strapi's own overhead.
 * - `POST /relay` forwards the request body to importCourseAsync unparsed and unframed (undici straight
 *   from the socket): the most any pass-through can move on this machine, so the gap between it and `/`
 *   is what parsing the multipart body and framing it again cost.
 * Tells the parent its port over IPC.
 */
const http = require('node:http');
const path = require('node:path');
const Busboy = require('busboy');
const { request } = require('undici');

const root = path.resolve(__dirname, '..', '..');
const { CloudClient } = require(path.join(root, 'server', 'src', 'cloud', 'index.ts'));
const { PackageGate, STREAM_HWM } = require(path.join(root, 'server', 'src', 'courses', 'upload.ts'));

const client = new CloudClient(JSON.parse(process.env.BENCH_CLOUD));
let uploads = 0;

/** The emulator parses what arrives, so a token proves the multipart body came through whole. */
function relay(req, answer) {
  const url = client.buildSignedUrl('rustici.course.importCourseAsync', { courseid: `relay-${uploads++}` });
  request(url, { method: 'POST', headers: { 'content-type': req.headers['content-type'] }, body: req, headersTimeout: 0, bodyTimeout: 0 })
    .then(async (res) => {
      const xml = await res.body.text();
      if (res.statusCode !== 200 || !xml.includes('<token>')) throw new Error(`the emulator answered ${res.statusCode}: ${xml.slice(0, 200)}`);
      answer(202, { relayed: true });
    })
    .catch((error) => answer(500, { error: String(error) }));
}

const server = http.createServer((req, res) => {
  const answer = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.url === '/relay') return relay(req, answer);
  const bb = Busboy({ headers: req.headers, highWaterMark: STREAM_HWM, fileHwm: STREAM_HWM, limits: { files: 1 } });
  bb.on('file', (_name, file, info) => {
    const gate = new PackageGate(Number.MAX_SAFE_INTEGER);
    file.on('error', (error) => gate.destroy(error));
    file.pipe(gate);
    gate.verified
      .then(() => client.importCourseAsync(`bare-${uploads++}`, gate, { filename: info.filename }))
      .then(
        ({ token }) => answer(202, { token, packageBytes: gate.bytes }),
        (error) => answer(500, { error: String(error) }),
      );
  });
  req.pipe(bb);
});

server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (msg) => msg === 'stop' && process.exit(0));
