/**
 * The IPC channels between the preload and the main process. They carry no contract messages: those go on
 * a message port straight from the page to the backend process. IPC only sets the port up.
 *
 *   CONNECT_CHANNEL  page → main   (no arguments) the preload, once per page load, asks for its port
 *   PORT_CHANNEL     main → page   the port, transferred (again after the backend restarted)
 *   STATE_CHANNEL    main → page   'closed': the backend stopped; a new port follows when it is back
 */
export const CONNECT_CHANNEL = 'berth:connect';
export const PORT_CHANNEL = 'berth:port';
export const STATE_CHANNEL = 'berth:state';
