/**
 * `npm run serve -- [--port N] [--host ADDRESS] [--no-open]`: Berth in a browser. Binds 127.0.0.1 unless
 * told otherwise, and warns when told otherwise. Prints one line with the URL to open (token included).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { runBrowserMode } from './run';

const USAGE = 'Usage: npm run serve -- [--port N] [--host ADDRESS] [--no-open]';

export function parseServeArgs(argv: string[]): { port: number; host: string; open: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'no-open': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535 (0 picks a free port), not “${values.port}”.`);
  return { port, host: values.host, open: !values['no-open'] };
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined); // No desktop browser here: the printed URL is enough.
  child.unref();
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseServeArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    process.exit(2);
  }
  const { url } = await runBrowserMode({ port: args.port, host: args.host });
  if (args.open && (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) openInBrowser(url);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
