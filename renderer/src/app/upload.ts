/**
 * The UI's side of an upload through a stream (protocol in engine/contract/transfer.ts): reads the file in
 * chunks and sends them while no more than a small window is unacknowledged. The first acknowledgement
 * (0 bytes) says the backend is ready; nothing is sent before it.
 */
import { UPLOAD_CHUNK_BYTES, UPLOAD_WINDOW_BYTES } from '../../../engine/contract/transfer-window';

export type UploadMessage = { t: 'chunk'; data: string } | { t: 'end' };

/** A part of a file as base64, by the browser's own encoder (far faster than one in JavaScript). */
function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(blob);
  });
}

export class Uploader {
  private sent = 0;
  private acked = -1;
  private ended = false;
  private pumping = false;

  constructor(
    private readonly file: Blob,
    private readonly write: (message: UploadMessage) => void,
  ) {}

  acknowledged(bytes: number): void {
    this.acked = Math.max(this.acked, bytes);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.acked < 0) return;
    this.pumping = true;
    try {
      while (this.sent < this.file.size && this.sent - this.acked < UPLOAD_WINDOW_BYTES) {
        const end = Math.min(this.sent + UPLOAD_CHUNK_BYTES, this.file.size);
        this.write({ t: 'chunk', data: await base64Of(this.file.slice(this.sent, end)) });
        this.sent = end;
      }
      if (this.sent === this.file.size && !this.ended) {
        this.ended = true;
        this.write({ t: 'end' });
      }
    } finally {
      this.pumping = false;
    }
  }
}
