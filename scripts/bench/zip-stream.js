'use strict';
/**
 * A valid SCORM 1.2 zip of a chosen size, produced on the fly and never written anywhere: a manifest, a
 * launch page, and "stored" (uncompressed) entries filled with one repeated random block. The CRCs are
 * computed once up front, so streaming it costs no CPU beyond handing out buffers.
 */
const zlib = require('node:zlib');
const { randomBytes } = require('node:crypto');

const BLOCK = randomBytes(1024 * 1024);
const ENTRY_MAX = 256 * 1024 * 1024;

function crcOfRepeated(size) {
  let crc = 0;
  for (let left = size; left > 0; left -= BLOCK.length) crc = zlib.crc32(left >= BLOCK.length ? BLOCK : BLOCK.subarray(0, left), crc);
  return crc >>> 0;
}

function localHeader(name, crc, size) {
  const n = Buffer.from(name);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed
  h.writeUInt16LE(0x0800, 6); // UTF-8 names
  h.writeUInt16LE(0, 8); // stored
  h.writeUInt32LE(0, 10); // time/date
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(size, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(n.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, n]);
}

function centralHeader(name, crc, size, offset) {
  const n = Buffer.from(name);
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0x0800, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt32LE(0, 12);
  h.writeUInt32LE(crc, 16);
  h.writeUInt32LE(size, 20);
  h.writeUInt32LE(size, 24);
  h.writeUInt16LE(n.length, 28);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, n]);
}

const manifest = (title, files) => `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bench" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>${title}</title>
    <item identifier="i1" identifierref="r1"><title>Lesson</title></item></organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/>${files.map((f) => `<file href="${f}"/>`).join('')}</resource></resources>
</manifest>`;

/** Plans a zip of at least `minBytes`; `.size` is exact, `.stream()` yields it as often as needed. */
function planZip(minBytes, title = 'Benchmark Course') {
  const media = [];
  let planned = 0;
  for (let i = 0; planned < minBytes; i++) {
    const size = Math.min(ENTRY_MAX, minBytes - planned);
    media.push({ name: `media/blob${i}.bin`, size });
    planned += size;
  }
  const small = [
    {
      name: 'imsmanifest.xml',
      data: Buffer.from(
        manifest(
          title,
          media.map((m) => m.name),
        ),
      ),
    },
    { name: 'index.html', data: Buffer.from('<!doctype html><title>bench</title><p>bench</p>') },
  ];
  const entries = [
    ...small.map((e) => ({ name: e.name, size: e.data.length, crc: zlib.crc32(e.data) >>> 0, data: e.data })),
    ...media.map((m) => ({ ...m, crc: crcOfRepeated(m.size) })),
  ];
  let offset = 0;
  for (const e of entries) {
    e.offset = offset;
    e.local = localHeader(e.name, e.crc, e.size);
    offset += e.local.length + e.size;
  }
  const central = Buffer.concat(entries.map((e) => centralHeader(e.name, e.crc, e.size, e.offset)));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  const size = offset + central.length + end.length;

  async function* stream() {
    for (const e of entries) {
      yield e.local;
      if (e.data) {
        yield e.data;
        continue;
      }
      for (let left = e.size; left > 0; left -= BLOCK.length) yield left >= BLOCK.length ? BLOCK : BLOCK.subarray(0, left);
    }
    yield central;
    yield end;
  }
  return { size, entries: entries.length, stream };
}

module.exports = { planZip };
