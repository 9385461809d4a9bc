/**
 * The one way the page hands a file to the user: a click on a download link. Either the backend serves
 * the file itself (a `/downloads` URL in browser mode: `offerDownload`), or its bytes arrive through a
 * stream and a `DownloadCollector` gathers them. The collector folds its parts into a Blob every few
 * megabytes: the browser keeps Blob data outside the page's heap (on disk when large), so a multi-gigabyte
 * archive or log passes through the page instead of filling it.
 */
const FOLD_EVERY_BYTES = 32 * 1024 * 1024;

/** Asks the browser to download `href` under `fileName`, as a click on a download link would. */
export function offerDownload(href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export class DownloadCollector {
  private blob: Blob;
  private parts: BlobPart[] = [];
  private partBytes = 0;

  constructor(private readonly type = 'application/octet-stream') {
    this.blob = new Blob([], { type });
  }

  /** Bytes as they come through a stream, in base64. */
  add(base64: string): number {
    return this.push(decode(base64));
  }

  /** Text as it comes through a stream (a log); counted in UTF-16 units, close enough to fold by. */
  addText(text: string): number {
    return this.push(text, text.length);
  }

  /** Offers what was collected to the user under `fileName`, then forgets it. */
  save(fileName: string): void {
    this.fold();
    const url = URL.createObjectURL(this.blob);
    offerDownload(url, fileName);
    // The download has its own reference to the data once it started.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    this.blob = new Blob([], { type: this.type });
  }

  private push(part: Uint8Array<ArrayBuffer> | string, size = (part as Uint8Array).length): number {
    this.parts.push(part);
    this.partBytes += size;
    if (this.partBytes >= FOLD_EVERY_BYTES) this.fold();
    return size;
  }

  private fold(): void {
    if (!this.parts.length) return;
    this.blob = new Blob([this.blob, ...this.parts], { type: this.type });
    this.parts = [];
    this.partBytes = 0;
  }
}
