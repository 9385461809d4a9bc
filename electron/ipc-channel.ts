/**
 * The one IPC channel of the desktop app, shared by the preload and the main process. Every message of
 * the contract travels on it, both ways.
 *
 * Renderer → main sends `(documentId, message)`: the preload draws a new documentId for every page it
 * runs in, so the main process can tell a reloaded page from the one before it and never hands one
 * page's streams to the next. Main → renderer sends `(message)`.
 */
export const IPC_CHANNEL = 'berth:message';

/** What a document id looks like (the preload's randomUUID, or its fallback); anything else is dropped. */
export const DOCUMENT_ID = /^[0-9a-z-]{8,64}$/;
