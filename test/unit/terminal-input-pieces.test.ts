import { describe, expect, it } from 'vitest';
import { TERMINAL_INPUT_CHARS, terminalInputPieces } from '../../engine/contract/terminal-types';
import { MAX_MESSAGE_BYTES } from '../../engine/contract/protocol';
import { UPLOAD_CHUNK_BYTES } from '../../engine/contract/transfer';

describe('terminal input in pieces', () => {
  it('sends a long paste in order, in pieces the contract takes, each far under the message limit', () => {
    const paste = 'echo hello\n'.repeat(30_000);
    const pieces = terminalInputPieces(paste);
    expect(pieces.join('')).toBe(paste);
    expect(pieces.length).toBe(Math.ceil(paste.length / TERMINAL_INPUT_CHARS));
    const worst = JSON.stringify({ t: 'write', id: Number.MAX_SAFE_INTEGER, data: { type: 'input', data: '\u0001'.repeat(TERMINAL_INPUT_CHARS), binary: true } });
    expect(Buffer.byteLength(worst)).toBeLessThan(MAX_MESSAGE_BYTES);
  });

  it('never cuts a character made of two UTF-16 units in half', () => {
    const paste = 'a' + '😀'.repeat(TERMINAL_INPUT_CHARS);
    const pieces = terminalInputPieces(paste);
    expect(pieces.join('')).toBe(paste);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(TERMINAL_INPUT_CHARS);
    for (const p of pieces) expect(() => encodeURIComponent(p)).not.toThrow();
  });

  it('leaves typing as it is', () => {
    expect(terminalInputPieces('l')).toEqual(['l']);
    expect(terminalInputPieces('')).toEqual([]);
  });
});

describe('the message limit', () => {
  it('holds the largest message the contract needs: an upload chunk as base64 (one protocol for every upload)', () => {
    const data = { t: 'chunk', data: Buffer.alloc(UPLOAD_CHUNK_BYTES, 0xff).toString('base64') };
    expect(Buffer.byteLength(JSON.stringify({ t: 'write', id: Number.MAX_SAFE_INTEGER, data }))).toBeLessThan(MAX_MESSAGE_BYTES);
  });
});
