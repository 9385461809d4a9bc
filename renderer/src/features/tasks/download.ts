/**
 * A file that arrives from the backend in base64 chunks and is handed to the browser as a download. The
 * parts are folded into a Blob every few megabytes: the browser keeps Blob data outside the page's
 * memory (on disk when large), so a multi-gigabyte image archive does not fill the tab.
 */
const FOLD_EVERY_BYTES = 32 * 1024 * 1024;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export class DownloadCollector {
  private blob = new Blob([]);
  private parts: Uint8Array<ArrayBuffer>[] = [];
  private partBytes = 0;

  add(base64: string): void {
    const bytes = decode(base64);
    this.parts.push(bytes);
    this.partBytes += bytes.length;
    if (this.partBytes >= FOLD_EVERY_BYTES) this.fold();
  }

  /** Offers the file to the user under `fileName`, as a click on a download link would. */
  save(fileName: string): void {
    this.fold();
    const url = URL.createObjectURL(this.blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    // The download has its own reference to the data once it started.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    this.blob = new Blob([]);
  }

  private fold(): void {
    if (!this.parts.length) return;
    this.blob = new Blob([this.blob, ...this.parts], { type: 'application/x-tar' });
    this.parts = [];
    this.partBytes = 0;
  }
}
