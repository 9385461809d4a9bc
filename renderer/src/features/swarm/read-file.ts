/** A file the user picked, read in the page: as text (a Compose file) or as base64 (a secret's or config's bytes). */
export function readAsText(file: File): Promise<string> {
  return file.text();
}

export async function readAsBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
