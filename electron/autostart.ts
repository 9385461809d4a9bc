/**
 * Starting Berth at login on Linux, where Electron's setLoginItemSettings does nothing: an XDG autostart
 * entry (~/.config/autostart/<app id>.desktop), which GNOME, KDE, Xfce and most other desktops honour.
 * Plain Node, so it can be tested without Electron.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const AUTOSTART_NAME = 'io.berth.desktop.desktop';

export function autostartFile(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const config = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, 'autostart', AUTOSTART_NAME);
}

/**
 * One argument of an Exec line, quoted as the Desktop Entry specification asks: inside double quotes,
 * `"`, `` ` ``, `$` and `\` are escaped with a backslash; and `%` is doubled, since Exec expands %-codes.
 */
export function execArgument(arg: string): string {
  const quoted = /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/%/g, '%%');
}

/** The command that starts this Berth again: the AppImage when running from one, else this executable. */
export function launchCommand(facts: { execPath: string; appImage?: string; appPath?: string }): string[] {
  if (facts.appImage) return [facts.appImage];
  // Unpackaged (npm start): the Electron binary needs the app folder as its argument.
  return facts.appPath ? [facts.execPath, facts.appPath] : [facts.execPath];
}

export function autostartEntry(command: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Berth',
    'Comment=Container manager, started at login',
    `Exec=${command.map(execArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Adds or removes the autostart entry; returns whether the file changed. */
export function setLinuxAutostart(enabled: boolean, command: string[], file = autostartFile()): boolean {
  if (!enabled) {
    if (!fs.existsSync(file)) return false;
    fs.rmSync(file, { force: true });
    return true;
  }
  const text = autostartEntry(command);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o644 });
  return true;
}
