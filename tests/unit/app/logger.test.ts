/**
 * The test and dev app's logger: at its level it shows that level and everything more severe, so
 * `npm run dev` (info) shows warnings and errors too.
 */
import { Writable } from 'node:stream';

function linesAt(level: string | undefined): string[] {
  const previous = process.env.LOG_LEVEL;
  if (level === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = level;
  try {
    let config = { transports: [] as { level?: string; format: unknown }[] };
    // Read afresh: the file reads LOG_LEVEL when it loads.
    jest.isolateModules(() => {
      config = require('../../app/config/logger.js');
    });
    const { winston } = require('@strapi/logger');
    const written: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written.push(String(chunk));
        done();
      },
    });
    // The configured transport's own level and format, writing to a stream instead of the console.
    const [console] = config.transports;
    const logger = winston.createLogger({ transports: [new winston.transports.Stream({ stream: sink, level: console.level, format: console.format })] });
    for (const name of ['debug', 'info', 'warn', 'error']) logger.log(name, `${name} line`);
    return written.map((w) => w.match(/(debug|info|warn|error) line/)?.[1] ?? w);
  } finally {
    if (previous === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = previous;
  }
}

describe('the app logger', () => {
  it('shows info, warnings and errors by default', () => {
    expect(linesAt(undefined)).toEqual(['info', 'warn', 'error']);
  });

  it('shows warnings and errors at LOG_LEVEL=warn', () => {
    expect(linesAt('warn')).toEqual(['warn', 'error']);
  });
});
