/** The terminal's colours, from the app's theme (the system's, or the one chosen in Preferences). */
import type { ITheme } from '@xterm/xterm';
import { themeColours } from '../../components/theme-colours';

const VARIABLES = {
  background: '--log-bg',
  foreground: '--log-text',
  cursor: '--accent',
  cursorAccent: '--log-bg',
  selectionBackground: '--terminal-selection',
  black: '--ansi-black',
  red: '--ansi-red',
  green: '--ansi-green',
  yellow: '--ansi-yellow',
  blue: '--ansi-blue',
  magenta: '--ansi-magenta',
  cyan: '--ansi-cyan',
  white: '--ansi-white',
  brightBlack: '--ansi-bright-black',
  brightRed: '--ansi-bright-red',
  brightGreen: '--ansi-bright-green',
  brightYellow: '--ansi-bright-yellow',
  brightBlue: '--ansi-bright-blue',
  brightMagenta: '--ansi-bright-magenta',
  brightCyan: '--ansi-bright-cyan',
  brightWhite: '--ansi-bright-white',
} satisfies Partial<Record<keyof ITheme, string>>;

export function terminalTheme(): ITheme {
  return themeColours(VARIABLES);
}
