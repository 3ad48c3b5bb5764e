import * as yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { PackageError } from './errors';

export interface ZipLimits {
  /** Most entries a package may have. */
  maxEntries: number;
  /** Most bytes all entries may declare once uncompressed (zip-bomb guard). */
  maxUncompressedBytes: number;
  /** Most bytes read into memory for one descriptor file (manifest, cmi5.xml, AICC files). */
  maxDescriptorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxUncompressedBytes: 2 * 1024 ** 3,
  maxDescriptorBytes: 16 * 1024 ** 2,
};

export interface ZipEntryInfo {
  /** Normalized name: forward slashes, no leading `./` or `/`. */
  name: string;
  rawName: string;
  uncompressedSize: number;
  compressedSize: number;
  isDirectory: boolean;
}

export type ZipSource = { buffer: Buffer } | { path: string };

const normalize = (name: string): string => name.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');

function openZip(source: ZipSource): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: ZipFile) => (err || !zip ? reject(err ?? new Error('zip open failed')) : resolve(zip));
    // lazyEntries: the central directory is walked one record at a time, nothing is inflated until asked.
    if ('buffer' in source) yauzl.fromBuffer(source.buffer, { lazyEntries: true, decodeStrings: true }, done);
    else yauzl.open(source.path, { lazyEntries: true, decodeStrings: true, autoClose: false }, done);
  });
}

/** The central directory, checked against the limits before anything is inflated. */
export class ZipPackage {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: Map<string, { info: ZipEntryInfo; entry: Entry }>,
    readonly totalUncompressed: number,
  ) {}

  static async open(source: ZipSource, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipPackage> {
    let zip: ZipFile;
    try {
      zip = await openZip(source);
    } catch (err) {
      throw new PackageError(`The uploaded file is not a valid zip archive (${(err as Error).message}).`);
    }
    if (zip.entryCount > limits.maxEntries) {
      zip.close();
      throw new PackageError(`The package has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}.`);
    }
    const entries = new Map<string, { info: ZipEntryInfo; entry: Entry }>();
    let total = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: Entry) => {
          total += entry.uncompressedSize;
          if (total > limits.maxUncompressedBytes) {
            reject(new PackageError(`The package would expand to more than ${limits.maxUncompressedBytes} bytes (zip bomb protection); import refused.`));
            return;
          }
          const name = normalize(entry.fileName);
          const isDirectory = /\/$/.test(name);
          if (name !== '') {
            entries.set(name, {
              entry,
              info: { name, rawName: entry.fileName, uncompressedSize: entry.uncompressedSize, compressedSize: entry.compressedSize, isDirectory },
            });
          }
          zip.readEntry();
        });
        zip.on('end', () => resolve());
        zip.on('error', (err: Error) => reject(err instanceof PackageError ? err : new PackageError(`The zip archive is damaged (${err.message}).`)));
        zip.readEntry();
      });
    } catch (err) {
      zip.close();
      throw err;
    }
    return new ZipPackage(zip, entries, total);
  }

  files(): ZipEntryInfo[] {
    return [...this.entries.values()].map((e) => e.info).filter((i) => !i.isDirectory);
  }

  has(name: string): boolean {
    return this.entries.has(normalize(name));
  }

  /** Case-insensitive lookup, for descriptor files whose case varies between authoring tools. */
  findInsensitive(name: string): string | undefined {
    const wanted = normalize(name).toLowerCase();
    for (const key of this.entries.keys()) if (key.toLowerCase() === wanted) return key;
    return undefined;
  }

  openStream(name: string): Promise<{ stream: NodeJS.ReadableStream; size: number } | undefined> {
    const found = this.entries.get(normalize(name));
    if (!found || found.info.isDirectory) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(found.entry, (err, stream) => {
        if (err || !stream) reject(err ?? new Error('no stream'));
        else resolve({ stream, size: found.info.uncompressedSize });
      });
    });
  }

  /** Reads one (small) file fully; refuses files above `maxBytes` instead of inflating them. */
  async readText(name: string, maxBytes: number): Promise<string | undefined> {
    const found = this.entries.get(normalize(name));
    if (!found) return undefined;
    if (found.info.uncompressedSize > maxBytes) {
      throw new PackageError(`${name} is ${found.info.uncompressedSize} bytes, larger than the ${maxBytes}-byte limit.`);
    }
    const opened = await this.openStream(name);
    if (!opened) return undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of opened.stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw new PackageError(`${name} inflates beyond the ${maxBytes}-byte limit.`);
        chunks.push(chunk);
      }
    } catch (err) {
      if (err instanceof PackageError) throw err;
      throw new PackageError(`Could not read ${name} from the zip archive (${(err as Error).message}).`);
    }
    return stripBom(Buffer.concat(chunks).toString('utf8'));
  }

  close(): void {
    this.zip.close();
  }
}

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
