/**
 * Log text with ANSI colour codes as styled pieces (anser parses; the 16 basic colours become classes so
 * light and dark themes can tune them), and search highlights laid over those pieces.
 */
import Anser from 'anser';
import type { CSSProperties } from 'react';

export interface TextPiece {
  text: string;
  className?: string;
  style?: CSSProperties;
  /** Part of a search match. */
  mark?: boolean;
}

const BASIC = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

/** xterm's 256-colour palette beyond the 16 basic colours. */
function paletteColour(n: number): string | undefined {
  if (n < 16) return undefined;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v}, ${v}, ${v})`;
  }
  const i = n - 16;
  const level = (x: number) => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
}

function colour(value: string | null, truecolor: string | null, side: 'fg' | 'bg', classes: string[], style: CSSProperties): void {
  if (!value) return;
  const property = side === 'fg' ? 'color' : 'backgroundColor';
  if (value === 'ansi-truecolor' && truecolor) {
    style[property] = `rgb(${truecolor})`;
    return;
  }
  const palette = /^ansi-palette-(\d+)$/.exec(value);
  if (palette) {
    const n = Number(palette[1]);
    const rgb = paletteColour(n);
    if (rgb) style[property] = rgb;
    else classes.push(`ansi-${n >= 8 ? 'bright-' : ''}${BASIC[n % 8]}-${side}`);
    return;
  }
  classes.push(`${value}-${side}`);
}

const cache = new WeakMap<object, TextPiece[]>();

/** The pieces of one line; cached per line object, since rows are drawn again as the list scrolls. */
export function ansiPieces(line: { text: string }): TextPiece[] {
  const cached = cache.get(line);
  if (cached) return cached;
  let pieces: TextPiece[];
  if (!line.text.includes('\x1b')) pieces = [{ text: line.text }];
  else {
    pieces = Anser.ansiToJson(line.text, { use_classes: true, remove_empty: true }).map((e) => {
      const classes: string[] = [];
      const style: CSSProperties = {};
      colour(e.fg, e.fg_truecolor, 'fg', classes, style);
      colour(e.bg, e.bg_truecolor, 'bg', classes, style);
      for (const d of e.decorations) classes.push(`ansi-${d}`);
      return { text: e.content, className: classes.join(' ') || undefined, style: Object.keys(style).length ? style : undefined };
    });
  }
  cache.set(line, pieces);
  return pieces;
}

/** The line's visible text, without colour codes. */
export function plainText(line: { text: string }): string {
  return ansiPieces(line)
    .map((p) => p.text)
    .join('');
}

/** Splits pieces so that the parts matched by `pattern` (a global RegExp) are marked. */
export function markMatches(pieces: TextPiece[], pattern: RegExp | undefined): TextPiece[] {
  if (!pattern) return pieces;
  const text = pieces.map((p) => p.text).join('');
  const ranges: [number, number][] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    ranges.push([m.index, m.index + m[0].length]);
    if (ranges.length > 200) break;
  }
  if (!ranges.length) return pieces;
  const out: TextPiece[] = [];
  let offset = 0;
  let r = 0;
  for (const piece of pieces) {
    const end = offset + piece.text.length;
    let at = offset;
    while (at < end) {
      while (r < ranges.length && ranges[r]![1] <= at) r++;
      const range = ranges[r];
      if (!range || range[0] >= end) {
        out.push({ ...piece, text: piece.text.slice(at - offset) });
        at = end;
      } else if (range[0] > at) {
        out.push({ ...piece, text: piece.text.slice(at - offset, range[0] - offset) });
        at = range[0];
      } else {
        const stop = Math.min(range[1], end);
        out.push({ ...piece, text: piece.text.slice(at - offset, stop - offset), mark: true });
        at = stop;
      }
    }
    offset = end;
  }
  return out;
}
