import { startEmulator, type EmulatorOptions, type RunningEmulator } from './server';

const USAGE = `Usage: scorm-cloud-emulator [options]

  --port N             port to listen on (default 8089; 0 picks a free one)
  --host HOST          interface to bind (default 127.0.0.1)
  --app-id ID          an application ID to accept (repeatable, paired with --secret-key)
  --secret-key KEY     the secret key of the preceding --app-id
  --data-dir DIR       keep state and packages in DIR (default: memory only)
  --import-delay-ms N  how long an async import takes (default 2000)
  --v2-page-size N     items per page of V2 lists before a \`more\` token (default 100)
  --quiet              print only the start-up lines
  --help               this text
`;

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): EmulatorOptions & { help?: boolean; quiet?: boolean } {
  const apps: Array<{ appId: string; secretKey?: string }> = [];
  const out: EmulatorOptions & { help?: boolean; quiet?: boolean } = { apps: [], port: Number(env.EMULATOR_PORT ?? 8089) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new CliUsageError(`${flag} needs a value`);
      return v;
    };
    const int = (name: string): number => {
      const v = value();
      if (!/^\d+$/.test(v)) throw new CliUsageError(`${name} must be a whole number, got ${v}`);
      return Number(v);
    };
    switch (flag) {
      case '--port':
        out.port = int('--port');
        break;
      case '--host':
        out.host = value();
        break;
      case '--app-id':
        apps.push({ appId: value() });
        break;
      case '--secret-key': {
        const last = apps[apps.length - 1];
        if (!last || last.secretKey !== undefined) throw new CliUsageError('--secret-key must follow its --app-id');
        last.secretKey = value();
        break;
      }
      case '--data-dir':
        out.dataDir = value();
        break;
      case '--import-delay-ms':
        out.importDelayMs = int('--import-delay-ms');
        break;
      case '--v2-page-size':
        out.v2 = { pageSize: int('--v2-page-size') };
        if (out.v2.pageSize! < 1) throw new CliUsageError('--v2-page-size must be at least 1');
        break;
      case '--quiet':
        out.quiet = true;
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        throw new CliUsageError(`unknown option ${arg}`);
    }
  }
  for (const a of apps) if (a.secretKey === undefined) throw new CliUsageError(`--app-id ${a.appId} has no --secret-key`);
  out.apps = apps.map((a) => ({ appId: a.appId, secretKey: a.secretKey! }));
  if (out.apps.length === 0) {
    // A development default, so that `npm run dev` needs no credentials typed in.
    out.apps.push({ appId: env.EMULATOR_APP_ID ?? 'emulator-app', secretKey: env.EMULATOR_SECRET_KEY ?? 'emulator-secret' });
  }
  return out;
}

/** Runs the emulator until SIGINT/SIGTERM; resolves with the exit code. */
export async function runCli(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') },
): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ ...options, log: options.quiet ? undefined : (m) => io.out(`[emulator] ${m}`) });
  } catch (err) {
    io.err(`Could not start the emulator: ${(err as Error).message}`);
    return 1;
  }
  io.out(`SCORM Cloud V1 emulator listening on ${emulator.url}`);
  io.out(`  service URL: ${emulator.serviceUrl}`);
  io.out(`  V2 base:     ${emulator.v2Url}`);
  io.out(`  app IDs:     ${emulator.appIds.join(', ')}`);
  io.out(`  state:       ${options.dataDir ?? 'in memory (lost on exit)'}`);
  io.out(`  controls:    ${emulator.url}/_emulator/`);
  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.out(`${signal}: closing the emulator`);
      emulator.close().then(
        () => resolve(0),
        (err: Error) => {
          io.err(`close failed: ${err.message}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
