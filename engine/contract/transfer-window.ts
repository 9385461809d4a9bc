/**
 * The sizes of an upload through a stream (engine/contract/transfer.ts describes the protocol), apart from
 * its schemas so the UI's first bundle can read them without carrying zod along.
 */

/** Raw bytes per chunk; base64 makes it a third bigger, far below the WebSocket's message limit. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
/** How many bytes the UI may send ahead of what the backend has acknowledged. */
export const UPLOAD_WINDOW_BYTES = 4 * UPLOAD_CHUNK_BYTES;
